// Bytes, hex and BN254 field elements as docs/commitments.md §3 defines them.
import { sha256 } from '@noble/hashes/sha2.js';

/** BN254's scalar field: every public input and hash value is below it. */
export const SCALAR_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** BN254's base field: the coordinates of curve points in a proof or key. */
export const BASE_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** A receipt value that is not what it should be; the message says which field and what is wrong. */
export class ReceiptFormatError extends Error {}

/** Hex (either case) to bytes, insisting on the length a receipt field must have. */
export function hexToBytes(hex, length, name) {
  if (typeof hex !== 'string' || hex.length !== 2 * length || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new ReceiptFormatError(`${name} must be ${length} bytes of hex (${2 * length} digits)`);
  }
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function bytesToBigInt(bytes) {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

export function bigIntToBytes(value, length = 32) {
  const bytes = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}

export function equalBytes(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A 32-byte field element of the receipt (big-endian hex), refused when it is not below the modulus. */
export function fieldFromHex(hex, name) {
  const value = bytesToBigInt(hexToBytes(hex, 32, name));
  if (value >= SCALAR_MODULUS) throw new ReceiptFormatError(`${name} is not below BN254's scalar modulus`);
  return value;
}

/** Clearing the top three bits keeps every value below 2^253 < r, so no value is reduced (§3). */
export function truncatedField(bytes) {
  const copy = Uint8Array.from(bytes);
  copy[0] &= 0x1f;
  return bytesToBigInt(copy);
}

/** The leaf of a sentence: SHA-256 of its exact UTF-8 bytes with the top three bits cleared. */
export function leafOf(text) {
  return truncatedField(sha256(new TextEncoder().encode(text)));
}

export { sha256 };
