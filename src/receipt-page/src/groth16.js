// The Groth16 check with snarkjs, under a key this page pins. A receipt carries the proof in the
// alt_bn128 layout the program reads, (−A)‖B‖C (docs/commitments.md §7); snarkjs wants A, B and C as
// decimal coordinates, with G2 as [real, imaginary].
import { groth16 } from 'snarkjs';
import { BASE_MODULUS, ReceiptFormatError, bytesToBigInt } from './fields.js';

/** Whether the proof verifies for the public inputs under the pinned key's snarkjs JSON. */
export async function verifyProof(keyJson, publicInputs, proofBytes) {
  return groth16.verify(keyJson, publicInputs.map(String), toSnarkjsProof(proofBytes));
}

function toSnarkjsProof(bytes) {
  if (bytes.length !== 256) throw new ReceiptFormatError('the proof must be 256 bytes');
  const word = (i) => {
    const value = bytesToBigInt(bytes.subarray(32 * i, 32 * i + 32));
    if (value >= BASE_MODULUS) throw new ReceiptFormatError(`the proof's coordinate ${i} is not below the base field modulus`);
    return value;
  };
  const [ax, negAy] = [word(0), word(1)];
  // −A = (x, p − y), so A = (x, p − y') again; the point at infinity is all zeros and stays so.
  const ay = negAy === 0n ? 0n : BASE_MODULUS - negAy;
  const g1 = (x, y) => (x === 0n && y === 0n ? ['0', '1', '0'] : [String(x), String(y), '1']);
  return {
    protocol: 'groth16',
    curve: 'bn128',
    pi_a: g1(ax, ay),
    pi_b: [[String(word(3)), String(word(2))], [String(word(5)), String(word(4))], ['1', '0']],
    pi_c: g1(word(6), word(7)),
  };
}
