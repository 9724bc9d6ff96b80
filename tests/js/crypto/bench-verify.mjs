// The peer of Groth16Benchmarks: snarkjs.groth16.verify on the same vectors, in one Node process,
// after a warm-up. Run: node bench-verify.mjs ../../ZkSummarize.Crypto.Tests/vectors/groth16
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';

const dir = process.argv[2];
const read = (name) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const [vk, proof, inputs] = [read('verification_key.json'), read('proof1.json'), read('public1.json')];
for (let i = 0; i < 3; i++) await snarkjs.groth16.verify(vk, inputs, proof);
const runs = 20;
const started = performance.now();
for (let i = 0; i < runs; i++) if (!await snarkjs.groth16.verify(vk, inputs, proof)) throw new Error('snarkjs rejected the proof');
console.log(`snarkjs ${JSON.parse(readFileSync(new URL('./node_modules/snarkjs/package.json', import.meta.url))).version} groth16.verify: ${((performance.now() - started) / runs).toFixed(2)} ms per proof (mean of ${runs})`);
process.exit(0);
