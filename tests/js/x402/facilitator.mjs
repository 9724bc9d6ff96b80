// The official x402 packages against our node as a facilitator: @x402/core's HTTPFacilitatorClient calls
// our /supported, /verify and /settle with a payment that @x402/svm's client made, unmodified.
// Run: node facilitator.mjs <facilitator url> <rpc url> <client keypair json> <payTo> <asset> <amount>
// Prints one JSON line with every answer.
import { readFileSync } from 'node:fs';
import { HTTPFacilitatorClient } from '@x402/core/server';
import { ExactSvmScheme } from '@x402/svm/exact/client';
import { createKeyPairSignerFromBytes } from '@solana/kit';

const [url, rpcUrl, keyFile, payTo, asset, amount] = process.argv.slice(2);
if (!amount) { console.error('usage: node facilitator.mjs <facilitator url> <rpc url> <keypair.json> <payTo> <asset> <amount>'); process.exit(2); }
const facilitator = new HTTPFacilitatorClient({ url });
const supported = await facilitator.getSupported();
const kind = supported.kinds.find((k) => k.scheme === 'exact');
const requirements = { scheme: 'exact', network: kind.network, amount, asset, payTo, maxTimeoutSeconds: 60, extra: { feePayer: kind.extra.feePayer } };
const signer = await createKeyPairSignerFromBytes(new Uint8Array(JSON.parse(readFileSync(keyFile, 'utf8'))));
const created = await new ExactSvmScheme(signer, { rpcUrl }).createPaymentPayload(2, requirements);
const payment = { x402Version: created.x402Version, accepted: requirements, payload: created.payload };
const answer = (promise) => promise.catch((e) => ({ thrown: String(e), body: e.response ?? e.data ?? null }));

const verified = await answer(facilitator.verify(payment, requirements));
const wrongAmount = await answer(facilitator.verify(payment, { ...requirements, amount: String(BigInt(amount) + 1n) }));
const settled = await answer(facilitator.settle(payment, requirements));
const replayed = await answer(facilitator.settle(payment, requirements));
console.log(JSON.stringify({ supported, verified, wrongAmount, settled, replayed }));
process.exit(0);
