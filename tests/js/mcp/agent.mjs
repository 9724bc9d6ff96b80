// An agent built from official parts only: @modelcontextprotocol/sdk's client over Streamable HTTP, and
// @x402/core's client with @x402/svm's exact scheme to pay, as x402's MCP transport says (the payment in
// _meta["x402/payment"], the settlement in _meta["x402/payment-response"]).
// It lists the tools, calls summarize without paying, pays what it was asked, calls again, presents the
// same payment once more, and verifies the receipt it got. Prints one JSON line with every answer.
// Run: node agent.mjs <mcp url> <network> <rpc url> <client keypair json> <document file>
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { x402Client } from '@x402/core/client';
import { ExactSvmScheme } from '@x402/svm/exact/client';
import { createKeyPairSignerFromBytes } from '@solana/kit';

const [url, network, rpcUrl, keyFile, documentFile] = process.argv.slice(2);
if (!documentFile) {
  console.error('usage: node agent.mjs <mcp url> <network> <rpc url> <keypair.json> <document>');
  process.exit(2);
}
const signer = await createKeyPairSignerFromBytes(new Uint8Array(JSON.parse(readFileSync(keyFile, 'utf8'))));
const payer = new x402Client().register(network, new ExactSvmScheme(signer, { rpcUrl }));

const client = new Client({ name: 'zks-test-agent', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
const tools = (await client.listTools()).tools.map((t) => t.name);
const args = { text: readFileSync(documentFile, 'utf8'), sentences: 2 };

// The binding's client rule: structuredContent when present, else the JSON in the first text block.
const paymentRequiredOf = (result) => {
  const required = result.structuredContent ?? JSON.parse(result.content?.[0]?.text ?? 'null');
  if (!result.isError || !required?.accepts) throw new Error(`expected PaymentRequired, got ${JSON.stringify(result)}`);
  return required;
};

const unpaid = await client.callTool({ name: 'summarize', arguments: args });
const payment = await payer.createPaymentPayload(paymentRequiredOf(unpaid));
const paid = await client.callTool({ name: 'summarize', arguments: args, _meta: { 'x402/payment': payment } });
const replay = await client.callTool({ name: 'summarize', arguments: args, _meta: { 'x402/payment': payment } });
const receipt = paid.structuredContent?.summary?.receipt;
const verified = receipt ? await client.callTool({ name: 'verify_receipt', arguments: { receipt } }) : null;
await client.close();
console.log(JSON.stringify({ tools, unpaid, paid, replay, verified }));
process.exit(0);
