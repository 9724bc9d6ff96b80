// Byte-level helpers: base58/base64, wire transactions, and JSON that keeps u64 values exact.
import {
  getBase58Decoder,
  getBase58Encoder,
  getTransactionDecoder,
  getCompiledTransactionMessageDecoder,
} from '@solana/kit';

const base58Encoder = getBase58Encoder(); // string -> bytes
const base58Decoder = getBase58Decoder(); // bytes -> string
const transactionDecoder = getTransactionDecoder();
const messageDecoder = getCompiledTransactionMessageDecoder();

export const toBase58 = (bytes) => base58Decoder.decode(bytes);
export const fromBase58 = (text) => new Uint8Array(base58Encoder.encode(text));
export const toBase64 = (bytes) => Buffer.from(bytes).toString('base64');
export const fromBase64 = (text) => new Uint8Array(Buffer.from(text, 'base64'));

/** Checks that a string is a base58 public key (32 bytes) and returns its bytes, or throws. */
export function parsePubkey(text, what = 'pubkey') {
  if (typeof text !== 'string') throw new TypeError(`${what} must be a base58 string`);
  let bytes;
  try {
    bytes = fromBase58(text);
  } catch {
    throw new TypeError(`${what} is not valid base58: ${text}`);
  }
  if (bytes.length !== 32) throw new TypeError(`${what} must decode to 32 bytes, got ${bytes.length}: ${text}`);
  return bytes;
}

/**
 * Decodes a wire transaction into what the RPC layer needs: signatures, version, static account keys
 * with their signer/writable flags, recent blockhash and instructions.
 */
export function decodeWireTransaction(bytes) {
  const tx = transactionDecoder.decode(bytes);
  const message = messageDecoder.decode(tx.messageBytes);
  const signatures = Object.values(tx.signatures).map((s) => (s ? toBase58(s) : toBase58(new Uint8Array(64))));
  // Solana's MessageHeader names (kit's decoder calls them numSignerAccounts, numReadonlySignerAccounts, ...).
  const header = {
    numRequiredSignatures: message.header.numSignerAccounts,
    numReadonlySignedAccounts: message.header.numReadonlySignerAccounts,
    numReadonlyUnsignedAccounts: message.header.numReadonlyNonSignerAccounts,
  };
  const { numRequiredSignatures, numReadonlySignedAccounts, numReadonlyUnsignedAccounts } = header;
  const keys = message.staticAccounts.map((address, index) => ({
    address,
    signer: index < numRequiredSignatures,
    writable: index < numRequiredSignatures
      ? index < numRequiredSignatures - numReadonlySignedAccounts
      : index < message.staticAccounts.length - numReadonlyUnsignedAccounts,
  }));
  return {
    bytes,
    messageBytes: new Uint8Array(tx.messageBytes),
    signatures,
    signatureSlots: Object.values(tx.signatures),
    version: message.version,
    header,
    keys,
    recentBlockhash: message.lifetimeToken,
    // Solana's names for the compiled forms (kit names them programAddressIndex/accountIndices).
    instructions: message.instructions.map((ix) => ({
      programIdIndex: ix.programAddressIndex,
      accounts: [...(ix.accountIndices ?? [])],
      data: ix.data ?? new Uint8Array(),
    })),
    addressTableLookups: (message.addressTableLookups ?? []).map((lookup) => ({
      accountKey: lookup.lookupTableAddress,
      writableIndexes: [...lookup.writableIndexes],
      readonlyIndexes: [...lookup.readonlyIndexes],
    })),
  };
}

/**
 * JSON.stringify that writes BigInt values as plain JSON numbers, as Solana does for u64 fields
 * such as rentEpoch (18446744073709551615), which exceed 2^53.
 */
export function stringifyJson(value) {
  const marker = '\u0000bigint:';
  const text = JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${marker}${v.toString()}` : v));
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}

/** Reads a little-endian u64 as a BigInt. */
export const readU64 = (bytes, offset) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readBigUInt64LE(offset);
export const readI64 = (bytes, offset) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readBigInt64LE(offset);
