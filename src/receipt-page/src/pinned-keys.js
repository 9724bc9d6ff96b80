// The verifying keys this page accepts, and where: the same keys as ZkSummarize.Core's TrustedKeys,
// read from the same files in circuits/ when the page is built. A receipt names the key its proof was
// made under by hash; the page looks that hash up here and checks the proof with its own copy. It never
// takes a key from the receipt: whoever hands over a key could have made it to accept any proof.
import ceremonyKey from '../../../circuits/verification_key.json';
import developmentKey from '../../../circuits/verification_key.dev.json';
import newsCeremonyKey from '../../../circuits/verification_key.grounding_d6k4.json';
import longCeremonyKey from '../../../circuits/verification_key.grounding_d10k8.json';
import newsDevelopmentKey from '../../../circuits/verification_key.grounding_d6k4.dev.json';
import longDevelopmentKey from '../../../circuits/verification_key.grounding_d10k8.dev.json';
import { BASE_MODULUS, bigIntToBytes, bytesToHex, sha256 } from './fields.js';

/** Our dev chain's CAIP-2 id (its genesis hash is base58(SHA-256("zksummarize-devchain"))). */
export const DEV_CHAIN_NETWORK = 'solana:7GYt8r3J9g3f1sjcB4mv8h82WKYg6DXh';

/**
 * name: what the page calls it; circuit: the member of the grounding family it verifies (circuits/README.md);
 * forgeable: its setup's secrets are public, so a proof under it proves nothing; networks: where it is
 * accepted ('*' everywhere).
 */
const KEYS = [
  {
    name: 'the ZkSummarize ceremony key (circuits/ceremony: sound if one contributor of each phase was honest)',
    circuit: 'grounding',
    forgeable: false,
    networks: '*',
    json: ceremonyKey,
  },
  ...[['grounding_d6k4', newsCeremonyKey], ['grounding_d10k8', longCeremonyKey]].map(([circuit, json]) => ({
    name: `the ZkSummarize ceremony key of ${circuit} (circuits/ceremony: sound if one contributor of each phase was honest)`,
    circuit,
    forgeable: false,
    networks: '*',
    json,
  })),
  {
    name: 'the development key (its secrets come from a public seed: anyone can forge proofs under it)',
    circuit: 'grounding',
    forgeable: true,
    networks: [DEV_CHAIN_NETWORK],
    json: developmentKey,
  },
  ...[['grounding_d6k4', newsDevelopmentKey], ['grounding_d10k8', longDevelopmentKey]].map(([circuit, json]) => ({
    name: `the development key of ${circuit} (its secrets come from a public seed: anyone can forge proofs under it)`,
    circuit,
    forgeable: true,
    networks: [DEV_CHAIN_NETWORK],
    json,
  })),
];

/** The keys with their hashes: SHA-256 of the program's 768-byte layout, as receipts and attestations name them. */
export const PINNED_KEYS = KEYS.map((key) => ({ ...key, hash: bytesToHex(sha256(encodeVerifyingKey(key.json))) }));

/** The pinned key with this hash, wherever it is accepted, or undefined. */
export function findKey(hash) {
  return PINNED_KEYS.find((key) => key.hash === String(hash).toLowerCase());
}

export function acceptedOn(key, network) {
  return key.networks === '*' || key.networks.includes(network);
}

// docs/commitments.md §7: α‖β‖γ‖δ‖IC₀…IC₄, G1 as x‖y and G2 as x.imaginary‖x.real‖y.imaginary‖y.real.
function encodeVerifyingKey(vk) {
  const g1 = (p) => [coordinate(p[0]), coordinate(p[1])];
  const g2 = (p) => [coordinate(p[0][1]), coordinate(p[0][0]), coordinate(p[1][1]), coordinate(p[1][0])];
  const parts = [...g1(vk.vk_alpha_1), ...g2(vk.vk_beta_2), ...g2(vk.vk_gamma_2), ...g2(vk.vk_delta_2), ...vk.IC.flatMap(g1)];
  const bytes = new Uint8Array(parts.length * 32);
  parts.forEach((part, i) => bytes.set(part, i * 32));
  return bytes;
}

function coordinate(decimal) {
  const value = BigInt(decimal);
  if (value >= BASE_MODULUS) throw new Error('a pinned key has a coordinate outside the base field');
  return bigIntToBytes(value);
}
