// Reading a receipt (ZkSummarize.Core.Receipts.Receipt, version 2; docs/receipts.md) into the values the
// checks need, with an error that names the field when the receipt is not well formed.
import { ReceiptFormatError, fieldFromHex, hexToBytes, truncatedField } from './fields.js';
import { base58 } from './chain.js';

export const RECEIPT_VERSION = 2;
export const MAX_SUMMARY_SENTENCES = 16;

/** Parses the receipt's JSON text; throws ReceiptFormatError with the field at fault. */
export function parseReceipt(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ReceiptFormatError(`this is not JSON (${e.message}); paste the whole receipt.json`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ReceiptFormatError('a receipt is a JSON object');
  if (json.version === undefined) throw new ReceiptFormatError('the JSON has no version: is it a ZkSummarize receipt?');
  if (json.version !== RECEIPT_VERSION) throw new ReceiptFormatError(`receipt version ${json.version} is not supported (this page reads version ${RECEIPT_VERSION})`);
  const string = (name) => {
    if (typeof json[name] !== 'string' || json[name] === '') throw new ReceiptFormatError(`the receipt has no ${name}`);
    return json[name];
  };
  const key = (name) => {
    const value = string(name);
    let bytes;
    try {
      bytes = base58.decode(value);
    } catch {
      throw new ReceiptFormatError(`${name} is not base58`);
    }
    if (bytes.length !== 32) throw new ReceiptFormatError(`${name} is not a 32-byte Solana address`);
    return value;
  };
  const settlement = string('settlement');
  if (settlement !== 'escrow' && settlement !== 'direct') throw new ReceiptFormatError(`the settlement '${settlement}' is neither escrow nor direct`);
  if (!Array.isArray(json.summary)) throw new ReceiptFormatError('the receipt has no summary');
  const summary = json.summary.map((s, i) => {
    if (!s || !Number.isInteger(s.index) || s.index < 0 || typeof s.text !== 'string') throw new ReceiptFormatError(`summary sentence ${i + 1} needs an index and a text`);
    return { index: s.index, text: s.text };
  });
  if (!Array.isArray(json.publicInputs) || json.publicInputs.length !== 4) throw new ReceiptFormatError('publicInputs must be four field elements');
  const transactions = json.transactions && typeof json.transactions === 'object' ? json.transactions : {};
  const workerKey = hexToBytes(string('workerKey'), 32, 'workerKey');
  const requestIdBytes = hexToBytes(string('requestId'), 32, 'requestId');
  // A request id is its own field element (docs/commitments.md §3): its top three bits are clear.
  if ((requestIdBytes[0] & 0xe0) !== 0) throw new ReceiptFormatError('requestId is not a request id: its first byte must be below 0x20');
  return {
    network: string('network'),
    programId: key('programId'),
    settlement,
    requestIdBytes,
    requestId: fieldFromHex(json.requestId, 'requestId'),
    docRoot: fieldFromHex(string('docRoot'), 'docRoot'),
    summaryHash: fieldFromHex(string('summaryHash'), 'summaryHash'),
    summary,
    worker: key('worker'),
    workerKey,
    workerField: truncatedField(workerKey),
    proof: hexToBytes(string('proof'), 256, 'proof'),
    publicInputs: json.publicInputs.map((h, i) => fieldFromHex(h, `publicInputs[${i}]`)),
    verifyingKeyHash: bytesHex(string('verifyingKeyHash'), 'verifyingKeyHash'),
    verifyingKeyName: typeof json.verifyingKeyName === 'string' ? json.verifyingKeyName : '',
    attestation: key('attestation'),
    transactions: Object.fromEntries(Object.entries(transactions).filter(([, v]) => typeof v === 'string')),
    json,
  };
}

function bytesHex(hex, name) {
  hexToBytes(hex, 32, name);
  return hex.toLowerCase();
}
