// The official x402 client, unmodified: @x402/fetch with @x402/svm's ExactSvmScheme, pointed at our node
// and our dev chain (which presents itself as devnet, the only kind of network this client accepts).
// Run: node pay.mjs <node url> <rpc url> <client keypair json> <document file>; prints one JSON line.
import { readFileSync } from 'node:fs';
import { wrapFetchWithPaymentFromConfig } from '@x402/fetch';
import { ExactSvmScheme } from '@x402/svm/exact/client';
import { createKeyPairSignerFromBytes } from '@solana/kit';

const [url, rpcUrl, keyFile, documentFile] = process.argv.slice(2);
if (!documentFile) { console.error('usage: node pay.mjs <node url> <rpc url> <keypair.json> <document>'); process.exit(2); }
const signer = await createKeyPairSignerFromBytes(new Uint8Array(JSON.parse(readFileSync(keyFile, 'utf8'))));
const fetchWithPayment = wrapFetchWithPaymentFromConfig(fetch, {
  schemes: [{ network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1', client: new ExactSvmScheme(signer, { rpcUrl }) }],
});
const response = await fetchWithPayment(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ text: readFileSync(documentFile, 'utf8'), sentences: 2 }),
});
console.log(JSON.stringify({ status: response.status, body: await response.text(), paymentResponse: response.headers.get('PAYMENT-RESPONSE') }));
