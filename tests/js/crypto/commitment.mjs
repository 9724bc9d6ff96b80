// The commitment scheme of docs/commitments.md §3-§5, written from the document, not from our C#:
// SHA-256 from node:crypto and Poseidon(2) from circomlibjs. Shared by make-vectors.mjs and
// check-text-vectors.mjs.
import { createHash } from 'node:crypto';
import { buildPoseidon } from 'circomlibjs';

const DEPTH = 12;

export async function commitmentScheme() {
  const poseidon = await buildPoseidon();
  const hash2 = (a, b) => poseidon.F.toObject(poseidon([a, b]));
  const leafOf = (sentence) => {
    const digest = createHash('sha256').update(Buffer.from(sentence, 'utf8')).digest();
    digest[0] &= 0x1f;
    return BigInt('0x' + digest.toString('hex'));
  };
  function merkleRoot(leaves) {
    let level = leaves.slice();
    let zero = 0n;
    for (let d = 0; d < DEPTH; d++) {
      const nextLevel = [];
      for (let i = 0; i < level.length; i += 2) nextLevel.push(hash2(level[i], i + 1 < level.length ? level[i + 1] : zero));
      level = nextLevel.length ? nextLevel : [];
      zero = hash2(zero, zero);
    }
    return level.length ? level[0] : zero;
  }
  function summaryHash(requestId, leaves) {
    let h = requestId;
    for (const leaf of leaves) h = hash2(h, leaf);
    return hash2(h, BigInt(leaves.length));
  }
  return { hash2, leafOf, merkleRoot, summaryHash };
}
