// Reads docs/commitment-vectors.json as another implementation would and recomputes, for every case that
// is not refused, each sentence's leaf and the docRoot from the sentences (commitment.mjs: node:crypto and
// circomlibjs, no code of ours), and checks that the sentences tile the normalised text.
// Run: node check-text-vectors.mjs ../../../docs/commitment-vectors.json   Prints {"checked": n} or exits 1.
import { readFileSync } from 'node:fs';
import { commitmentScheme } from './commitment.mjs';

const [file] = process.argv.slice(2);
if (!file) { console.error('usage: node check-text-vectors.mjs <commitment-vectors.json>'); process.exit(2); }
const { cases } = JSON.parse(readFileSync(file, 'utf8'));
const { leafOf, merkleRoot } = await commitmentScheme();
const hex = (value) => value.toString(16).padStart(64, '0');

const failures = [];
let checked = 0;
for (const c of cases) {
  if (c.error) continue;
  const leaves = c.sentences.map(leafOf);
  if (leaves.map(hex).join() !== c.leaves.join()) failures.push(`${c.name}: leaves differ`);
  if (hex(merkleRoot(leaves)) !== c.docRoot) failures.push(`${c.name}: docRoot differs`);
  // The sentences tile the normalised text in order, separated by one space, a paragraph break or nothing (after 。).
  let at = 0;
  for (const sentence of c.sentences) {
    if (c.normalized.startsWith('\n\n', at)) at += 2;
    else if (c.normalized[at] === ' ') at += 1;
    if (!c.normalized.startsWith(sentence, at)) break;
    at += sentence.length;
  }
  if (at !== c.normalized.length) failures.push(`${c.name}: the sentences do not tile the normalised text`);
  checked++;
}
if (failures.length) { console.error(failures.join('\n')); process.exit(1); }
console.log(JSON.stringify({ checked }));
