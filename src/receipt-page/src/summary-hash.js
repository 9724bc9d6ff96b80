// The summary hash of docs/commitments.md §5: h0 = requestId, hj = Poseidon(hj-1, leaf(ij)),
// summaryHash = Poseidon(hk, k). It binds the request, the chosen sentences, their order and their count.
import { leafOf } from './fields.js';
import { poseidon2 } from './poseidon.js';

export async function summaryHashOf(requestId, sentences) {
  let chain = requestId;
  for (const sentence of sentences) chain = await poseidon2(chain, leafOf(sentence));
  return poseidon2(chain, BigInt(sentences.length));
}
