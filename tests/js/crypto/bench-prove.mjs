// The warm peer of ProverBenchmarks: snarkjs.groth16.prove in one Node process, the .zkey and .wtns
// read into memory once, two warm-up proofs, then the mean of five (or the counts given).
// Run: node bench-prove.mjs ../../../circuits/build/bench [warm-ups runs [zkey wtns]]   (ProverBenchmarks leaves the files there;
// FamilyProverBenchmarks leaves dev.zkey and witness.wtns in bench/<member>/)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';

const dir = process.argv[2];
const zkey = new Uint8Array(readFileSync(join(dir, process.argv[5] ?? 'grounding_dev.zkey')));
const wtns = new Uint8Array(readFileSync(join(dir, process.argv[6] ?? 'grounding.wtns')));
const warmUps = Number(process.argv[3] ?? 2);
const runs = Number(process.argv[4] ?? 5);
for (let i = 0; i < warmUps; i++) await snarkjs.groth16.prove(zkey, wtns);
const times = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  await snarkjs.groth16.prove(zkey, wtns);
  times.push(performance.now() - started);
}
const version = JSON.parse(readFileSync(new URL('./node_modules/snarkjs/package.json', import.meta.url))).version;
console.log(`snarkjs ${version} groth16.prove, warm, in memory: mean ${(times.reduce((a, b) => a + b) / runs / 1000).toFixed(2)} s (${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
process.exit(0);
