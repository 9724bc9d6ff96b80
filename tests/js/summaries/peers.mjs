// Runs independent extractive summarizers (npm packages we did not write) on the documents that
// `zks eval-summaries --peers` hands over, and scores every system, ours included, with js-rouge.
//
// argv[2]: a JSON file { "documents": [ { "id", "text", "count", "reference": [..], "systems": { name: [sentences] } } ] }
// stdout: { "peers": { name: { id: [sentences] } }, "rouge": { name: { id: { "r1", "r2", "rl" } } }, "milliseconds": { name: total } }
//
// A peer returns text, not indices: the caller maps it back to the document's sentences.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import * as rouge from 'js-rouge';
import { Summarizer as TsTextRank, AbsoluteSummarizerConfig, SorensenDiceSimilarity, DefaultTextParser, NullLogger } from 'ts-textrank';

const require = createRequire(import.meta.url);
const lexrank = require('lexrank');
const { Summarizer: NodeSummarizer } = require('node-summarizer/src/Summarizer.js');


// Each peer: (text, count) => Promise<string[]> (the sentences it picked, as it segmented them).
const peers = {
  'ts-textrank': async (text, count) => {
    const config = new AbsoluteSummarizerConfig(count, new SorensenDiceSimilarity(), new DefaultTextParser(), 0.85, TsTextRank.SORT_OCCURENCE);
    return new TsTextRank(config, new NullLogger()).summarize(text, 'en');
  },
  'node-summarizer (textrank)': async (text, count) => {
    // Its manager concatenates the picks without a separator, so the caller finds them by containment.
    const result = await new NodeSummarizer(text, count).summarizeByRank();
    return result?.summary ? [result.summary] : [];
  },
  'lexrank': (text, count) => new Promise((resolve, reject) => {
    lexrank.summarize(text, count, (err, topLines) => err ? reject(err) : resolve(topLines.map(l => l.text)));
  }),
};

// js-rouge with its defaults (case-sensitive, its own tokenizer), on the summary as one text.
function score(candidate, reference) {
  const cand = candidate.join(' ');
  const ref = reference.join(' ');
  if (cand.trim() === '') return { r1: 0, r2: 0, rl: 0 };
  return { r1: rouge.n(cand, ref, { n: 1 }), r2: rouge.n(cand, ref, { n: 2 }), rl: rouge.l(cand, ref) };
}

if (!process.argv[2]) { console.error('usage: node peers.mjs <input.json>'); process.exit(2); }
const input = JSON.parse(await readFile(process.argv[2], 'utf8'));
const output = { peers: {}, rouge: {}, milliseconds: {} };
const silence = console.log; // node-summarizer logs its own errors to stdout, which carries our JSON
console.log = (...args) => console.error(...args);
for (const [name, run] of Object.entries(peers)) {
  output.peers[name] = {};
  const started = performance.now();
  for (const doc of input.documents) {
    try {
      output.peers[name][doc.id] = await run(doc.text, doc.count);
    } catch (err) {
      console.error(`${name} failed on ${doc.id}: ${err?.message ?? err}`);
      output.peers[name][doc.id] = [];
    }
  }
  output.milliseconds[name] = performance.now() - started;
}
const systems = {};
for (const doc of input.documents) {
  for (const [name, sentences] of Object.entries(doc.systems ?? {})) (systems[name] ??= {})[doc.id] = sentences;
}
for (const [name, byDoc] of Object.entries(output.peers)) systems[name] = byDoc;
for (const [name, byDoc] of Object.entries(systems)) {
  output.rouge[name] = {};
  for (const doc of input.documents) output.rouge[name][doc.id] = score(byDoc[doc.id] ?? [], doc.reference);
}
console.log = silence;
process.stdout.write(JSON.stringify(output));
