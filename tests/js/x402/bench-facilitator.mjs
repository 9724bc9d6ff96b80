// The peer of FacilitatorBenchmarks: the reference facilitator (@x402/core's x402Facilitator with
// @x402/svm's exact scheme) verifying the same payment, in one Node process, with the simulation on chain
// stubbed out so that both sides measure decoding, the rules and the signature checks.
// Run: node bench-facilitator.mjs ../../../BenchmarkDotNet.Artifacts/facilitator
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { x402Facilitator } from '@x402/core/facilitator';
import { registerExactSvmScheme } from '@x402/svm/exact/facilitator';
import { toFacilitatorSvmSigner } from '@x402/svm';
import { createKeyPairSignerFromBytes } from '@solana/kit';

const dir = process.argv[2];
const request = JSON.parse(readFileSync(join(dir, 'verify-request.json'), 'utf8'));
const feePayer = await createKeyPairSignerFromBytes(new Uint8Array(JSON.parse(readFileSync(join(dir, 'fee-payer.json'), 'utf8'))));
const signer = toFacilitatorSvmSigner(feePayer, { defaultRpcUrl: 'http://127.0.0.1:9' });
signer.simulateTransaction = async () => {}; // the chain's part, not measured on either side
const facilitator = registerExactSvmScheme(new x402Facilitator(), { signer, networks: request.paymentRequirements.network });

const verify = () => facilitator.verify(request.paymentPayload, request.paymentRequirements);
const first = await verify();
if (!first.isValid) throw new Error(`the reference facilitator rejects the payment: ${JSON.stringify(first)}`);
for (let i = 0; i < 500; i++) await verify();
const runs = 5000;
const started = performance.now();
for (let i = 0; i < runs; i++) await verify();
const micros = ((performance.now() - started) * 1000) / runs;
const version = JSON.parse(readFileSync(new URL('./node_modules/@x402/svm/package.json', import.meta.url))).version;
console.log(`@x402/svm ${version} facilitator.verify (simulation stubbed): ${micros.toFixed(1)} µs per payment, ${Math.round(1e6 / micros)} per second on one core (mean of ${runs})`);
process.exit(0);
