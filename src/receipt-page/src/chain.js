// The on-chain half of a receipt check, as ZkSummarize.Payments' AttestationCheck does it: the chain is
// the receipt's network (its genesis hash), and the attestation at the program's address for this
// request exists, is the program's, and records what the receipt says.
import { ed25519 } from '@noble/curves/ed25519.js';
import { base58 } from '@scure/base';
import { sha256 } from './fields.js';

const RPC_TIMEOUT_MS = 15000;
const ATTESTATION_SIZE = 256;
const ATTESTATION_KIND = 3;

/** A JSON-RPC call failed: the chain could not be reached, or it answered with an error. */
export class ChainError extends Error {}

/** One JSON-RPC 2.0 call; errors say what to check. */
export async function rpcCall(url, method, params = []) {
  let response;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), RPC_TIMEOUT_MS);
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: abort.signal,
    });
  } catch (e) {
    throw new ChainError(`could not reach the JSON-RPC URL ${url} (${e.name === 'AbortError' ? 'no answer in 15 s' : e.message}); `
      + 'check the URL, and that the node answers requests from web pages (CORS)');
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new ChainError(`${url} answered ${method} with HTTP ${response.status}; is it a Solana JSON-RPC URL?`);
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ChainError(`${url} did not answer ${method} with JSON; is it a Solana JSON-RPC URL?`);
  }
  if (body.error) throw new ChainError(`${url} refused ${method}: ${body.error.message ?? JSON.stringify(body.error)}`);
  return body.result;
}

/** The CAIP-2 id of the chain at the URL: solana: and the first 32 characters of its genesis hash. */
export async function networkOf(url) {
  const genesis = await rpcCall(url, 'getGenesisHash');
  if (typeof genesis !== 'string' || genesis.length < 32) throw new ChainError(`${url} answered getGenesisHash with something that is not a genesis hash`);
  return { network: `solana:${genesis.slice(0, 32)}`, genesis };
}

/** The account's owner and data, or null when there is none (at confirmed commitment, as the node reads it). */
export async function accountAt(url, address) {
  const result = await rpcCall(url, 'getAccountInfo', [address, { encoding: 'base64', commitment: 'confirmed' }]);
  const value = result?.value;
  if (!value) return null;
  const data = Uint8Array.from(atob(value.data[0]), (c) => c.charCodeAt(0));
  return { owner: value.owner, data };
}

/** A program-derived address: the first bump from 255 down whose hash is not a point on ed25519. */
export function findProgramAddress(seeds, programId) {
  const program = base58.decode(programId);
  const marker = new TextEncoder().encode('ProgramDerivedAddress');
  for (let bump = 255; bump >= 0; bump--) {
    const hash = sha256(concat([...seeds, Uint8Array.of(bump), program, marker]));
    if (!onCurve(hash)) return base58.encode(hash);
  }
  throw new Error('no program address for these seeds');
}

/** Where a receipt's attestation must be: ["attest", requestId] for an escrow, ["direct", worker, requestId] otherwise. */
export function attestationAddress(programId, settlement, worker, requestId) {
  const text = (s) => new TextEncoder().encode(s);
  return settlement === 'escrow'
    ? findProgramAddress([text('attest'), requestId], programId)
    : findProgramAddress([text('direct'), base58.decode(worker), requestId], programId);
}

/** The fields of an attestation account (EscrowProgram.DecodeAttestation), or null when the bytes are not one. */
export function decodeAttestation(data) {
  if (data.length !== ATTESTATION_SIZE || data[0] !== ATTESTATION_KIND) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const escrowed = data[3] === 1;
  return {
    sentences: data[2],
    escrowed,
    requestId: data.slice(8, 40),
    docRoot: data.slice(40, 72),
    summaryHash: data.slice(72, 104),
    worker: base58.encode(data.slice(104, 136)),
    slot: view.getBigUint64(136, true),
    paidToWorker: view.getBigUint64(144, true),
    paidFee: view.getBigUint64(152, true),
    verifyingKeyHash: data.slice(160, 192),
    operator: escrowed ? base58.encode(data.slice(192, 224)) : null,
    client: escrowed ? base58.encode(data.slice(224, 256)) : null,
  };
}

function onCurve(bytes) {
  try {
    ed25519.Point.fromBytes(bytes, true);
    return true;
  } catch {
    return false;
  }
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export { base58 };
