// Every check of a receipt, in the order a person reads them; each ends passed, failed (with the
// reason), forgeable or not run (with why). Offline checks mirror ReceiptVerifier, the chain checks
// AttestationCheck (src/ZkSummarize.Core/Receipts, src/ZkSummarize.Payments/Client).
import { bytesToHex, equalBytes, bigIntToBytes, ReceiptFormatError } from './fields.js';
import { parseReceipt, MAX_SUMMARY_SENTENCES } from './receipt.js';
import { findKey, acceptedOn } from './pinned-keys.js';
import { summaryHashOf } from './summary-hash.js';
import { verifyProof } from './groth16.js';
import { networkOf, accountAt, attestationAddress, decodeAttestation, ChainError, base58 } from './chain.js';

export const CHECKS = [
  { id: 'format', title: 'Receipt' },
  { id: 'key', title: 'Verifying key' },
  { id: 'summary', title: 'Summary sentences' },
  { id: 'inputs', title: 'Public inputs' },
  { id: 'proof', title: 'Groth16 proof' },
  { id: 'network', title: 'Chain' },
  { id: 'attestation', title: 'Attestation on chain' },
];

const pass = (detail) => ({ status: 'pass', detail });
const fail = (detail) => ({ status: 'fail', detail });
const skipped = (detail) => ({ status: 'skipped', detail });

/**
 * Checks the receipt text against the chain at rpcUrl. report(id, result) is called as each check ends;
 * the answer is { receipt, key, results, attestation, verdict } where verdict is 'valid' only when every
 * check passed under a pinned key that is not forgeable.
 */
export async function checkReceipt(text, rpcUrl, report = () => {}) {
  const results = {};
  const done = (id, result) => {
    results[id] = result;
    report(id, result);
  };
  let receipt;
  try {
    receipt = parseReceipt(text);
    done('format', pass(`version 2, ${receipt.settlement} settlement on ${receipt.network}`));
  } catch (e) {
    if (!(e instanceof ReceiptFormatError)) throw e;
    done('format', fail(e.message));
    for (const { id } of CHECKS.slice(1)) done(id, skipped('the receipt could not be read'));
    return { results, verdict: 'invalid' };
  }

  const key = findKey(receipt.verifyingKeyHash);
  done('key', keyResult(receipt, key));
  done('summary', await summaryResult(receipt));
  done('inputs', inputsResult(receipt));
  done('proof', await proofResult(receipt, key));
  const chain = await chainResults(receipt, rpcUrl);
  done('network', chain.network);
  done('attestation', chain.attestation);

  const statuses = Object.values(results).map((r) => r.status);
  const verdict = statuses.every((s) => s === 'pass') ? 'valid'
    : statuses.includes('forgeable') && statuses.every((s) => s === 'pass' || s === 'forgeable') ? 'forgeable' : 'invalid';
  return { receipt, key, results, attestation: chain.decoded, verdict };
}

function keyResult(receipt, key) {
  if (!key) {
    return fail(`the proof was made under verifying key ${receipt.verifyingKeyHash}, which is not a key this page pins for any network; nothing can be concluded from it`);
  }
  if (!acceptedOn(key, receipt.network)) return fail(`the proof was made under ${key.name}, which is not accepted on ${receipt.network}`);
  // The circuit a receipt names must be its key's, or the receipt misstates what was proven (as zks verify).
  if (typeof receipt.json.circuit === 'string' && receipt.json.circuit !== key.circuit) {
    return fail(`the receipt names the circuit ${receipt.json.circuit}, but its verifying key is ${key.circuit}'s`);
  }
  if (key.forgeable) return { status: 'forgeable', detail: `the proof was made under ${key.name}: this receipt is FORGEABLE and proves nothing` };
  return pass(`${key.name}, pinned by this page for ${receipt.network} (SHA-256 ${key.hash})`);
}

async function summaryResult(receipt) {
  const { summary } = receipt;
  if (summary.length < 1 || summary.length > MAX_SUMMARY_SENTENCES) return fail(`the summary has ${summary.length} sentences (1 to ${MAX_SUMMARY_SENTENCES} allowed)`);
  if (summary.some((s, i) => i > 0 && s.index <= summary[i - 1].index)) return fail("the summary's sentence indices are not strictly increasing");
  const hash = await summaryHashOf(receipt.requestId, summary.map((s) => s.text));
  if (hash !== receipt.summaryHash) {
    return fail('the summary sentences do not hash to summaryHash (the text was changed, or sentences added, removed or reordered)');
  }
  return pass(`the ${summary.length} sentences, chained with the request id and their count, hash to summaryHash`);
}

function inputsResult(receipt) {
  const expected = [receipt.docRoot, receipt.summaryHash, receipt.requestId, receipt.workerField];
  if (!expected.every((value, i) => value === receipt.publicInputs[i])) return fail('the public inputs are not [docRoot, summaryHash, requestId, workerField] of this receipt');
  return pass('[docRoot, summaryHash, requestId, workerField] of this receipt');
}

async function proofResult(receipt, key) {
  if (!key) return skipped('no pinned key to check it with');
  const inputs = [receipt.docRoot, receipt.summaryHash, receipt.requestId, receipt.workerField];
  let ok;
  try {
    ok = await verifyProof(key.json, inputs, receipt.proof);
  } catch (e) {
    return fail(`the proof is malformed: ${e.message}`);
  }
  if (!ok) return fail(`the Groth16 proof does not verify for this receipt's public inputs under ${key.forgeable ? 'the development key' : 'the pinned key'}`);
  return key.forgeable
    ? { status: 'forgeable', detail: 'the proof verifies, but under the development key, whose secrets are public: anyone could have made it' }
    : pass(`verifies for this receipt's public inputs under the pinned key`);
}

async function chainResults(receipt, rpcUrl) {
  let actual;
  try {
    actual = await networkOf(rpcUrl);
  } catch (e) {
    if (!(e instanceof ChainError)) throw e;
    return { network: fail(e.message), attestation: skipped('the chain could not be read') };
  }
  const network = actual.network === receipt.network
    ? pass(`${rpcUrl} is ${receipt.network} (genesis hash ${actual.genesis})`)
    : fail(`the chain at ${rpcUrl} is ${actual.network}, not the receipt's network ${receipt.network}; give the URL of a ${receipt.network} node`);
  try {
    return { network, ...(await attestationResult(receipt, rpcUrl)) };
  } catch (e) {
    if (!(e instanceof ChainError)) throw e;
    return { network, attestation: fail(e.message) };
  }
}

async function attestationResult(receipt, rpcUrl) {
  const address = attestationAddress(receipt.programId, receipt.settlement, receipt.worker, receipt.requestIdBytes);
  const problems = [];
  if (address !== receipt.attestation) problems.push(`the receipt's attestation address is not the program's for this request (${address})`);
  const account = await accountAt(rpcUrl, address);
  const decoded = account && account.owner === receipt.programId ? decodeAttestation(account.data) : null;
  if (!decoded) return { attestation: fail([...problems, `there is no attestation of this request on chain at ${address}`].join('; ')) };
  const escrowed = receipt.settlement === 'escrow';
  if (decoded.escrowed !== escrowed) problems.push(decoded.escrowed ? 'the attestation settled an escrow, but the receipt says direct' : 'the attestation is direct, but the receipt says escrow');
  if (!equalBytes(decoded.docRoot, bigIntToBytes(receipt.docRoot))) problems.push("the attestation's docRoot differs from the receipt's");
  if (!equalBytes(decoded.summaryHash, bigIntToBytes(receipt.summaryHash))) problems.push("the attestation's summaryHash differs from the receipt's");
  if (decoded.sentences !== receipt.summary.length) problems.push(`the attestation is of ${decoded.sentences} sentences, the receipt has ${receipt.summary.length}`);
  if (decoded.worker !== receipt.worker || decoded.worker !== base58.encode(receipt.workerKey)) problems.push('the attestation names another worker');
  if (bytesToHex(decoded.verifyingKeyHash) !== receipt.verifyingKeyHash) problems.push('the program checked the proof under another verifying key than the receipt\'s');
  if (problems.length > 0) return { attestation: fail(problems.join('; ')), decoded };
  return {
    attestation: pass(`${address}, owned by the program, records this docRoot, summaryHash, ${decoded.sentences} sentences, worker and key (${escrowed ? 'escrow' : 'direct'})`),
    decoded,
  };
}
