// Test vectors from independent implementations, for the C# tests (ZkSummarize.Crypto.Tests and
// ZkSummarize.Core.Tests). Poseidon comes from circomlibjs, SHA-256 from node:crypto, so nothing here
// shares code with our C#.
// Run: node make-vectors.mjs ../../ZkSummarize.Crypto.Tests/vectors ../../ZkSummarize.Core.Tests/vectors
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { commitmentScheme } from './commitment.mjs';

const [cryptoDir, coreDir] = process.argv.slice(2);
if (!coreDir) { console.error('usage: node make-vectors.mjs <crypto vectors folder> <core vectors folder>'); process.exit(2); }
for (const dir of [cryptoDir, coreDir]) mkdirSync(dir, { recursive: true });

const { hash2, leafOf, merkleRoot, summaryHash } = await commitmentScheme();
const r = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

// A small deterministic generator (xorshift64*), so the vectors are the same on every run.
let seed = 0x9e3779b97f4a7c15n;
function next64() {
  seed ^= seed >> 12n; seed ^= (seed << 25n) & 0xffffffffffffffffn; seed ^= seed >> 27n;
  return (seed * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
const randomField = () => ((next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64()) % r;

const poseidonVectors = [[0n, 0n], [1n, 1n], [1n, 2n], [r - 1n, r - 1n]];
for (let i = 0; i < 40; i++) poseidonVectors.push([randomField(), randomField()]);
writeFileSync(join(cryptoDir, 'poseidon.json'), JSON.stringify(poseidonVectors.map(([a, b]) =>
  ({ a: a.toString(), b: b.toString(), hash: hash2(a, b).toString() })), null, 1) + '\n');

const documents = [
  { sentences: ['Only one sentence.'], pick: [0] },
  { sentences: ['The council approved the budget.', 'It adds bus routes.', 'The weather was mild.', 'Trams reach the airport next year.'], pick: [0, 3] },
  { sentences: ['今日は晴れです。', 'Привет, мир.', 'Café au lait.', '“Quoted,” she said.', 'Tabs\tare spaces now.'], pick: [1, 2, 4] },
  { sentences: Array.from({ length: 300 }, (_, i) => `Sentence number ${i} of a longer document.`), pick: [0, 17, 255, 256, 299] },
];
const commitmentVectors = documents.map(({ sentences, pick }, n) => {
  const leaves = sentences.map(leafOf);
  const requestId = randomField() >> 3n; // requestIds have their top 3 bits clear
  return {
    sentences, pick,
    leaves: leaves.map(String),
    docRoot: merkleRoot(leaves).toString(),
    requestId: requestId.toString(),
    summaryHash: summaryHash(requestId, pick.map(i => leaves[i])).toString(),
  };
});
writeFileSync(join(coreDir, 'commitments.json'), JSON.stringify(commitmentVectors, null, 1) + '\n');
console.log(`wrote ${poseidonVectors.length} Poseidon vectors and ${commitmentVectors.length} commitment vectors`);
