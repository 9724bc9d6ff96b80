// Writes circomlib's Poseidon constants for t = 3 (two inputs: Merkle nodes and our hash chain) from the
// circomlibjs package into the C# library's embedded resource. Run after changing the circomlibjs version:
//   node export-poseidon-constants.mjs ../../../src/ZkSummarize.Crypto/Hashing/poseidon-t3.json
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The package does not export its constants; read the JSON file beside its sources.
const packageRoot = dirname(dirname(createRequire(import.meta.url).resolve('circomlibjs'))); // <root>/build/main.cjs
const constants = JSON.parse(readFileSync(join(packageRoot, 'src', 'poseidon_constants.json'), 'utf8'));

const t = 3;
const out = {
  source: 'circomlibjs 0.1.7 src/poseidon_constants.json (unoptimised constants, as in poseidon_reference.js)',
  t,
  fullRounds: 8,
  partialRounds: 57,
  roundConstants: constants.C[t - 2],
  mds: constants.M[t - 2],
};
writeFileSync(process.argv[2], JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${out.roundConstants.length} round constants and a ${out.mds.length}x${out.mds.length} MDS matrix`);
