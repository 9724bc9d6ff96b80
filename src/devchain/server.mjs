#!/usr/bin/env node
// The ZkSummarize dev chain: a real Solana runtime (LiteSVM, agave 4.3) behind Solana's JSON-RPC on
// 127.0.0.1:PORT (or --host, such as 0.0.0.0 in a container) and its PubSub websocket on PORT+1, so that
// standard clients work unchanged.
// Usage: node server.mjs [--host 127.0.0.1] [--port 0] [--genesis-hash <base58>] [--program <id>=<path.so>]... [--slot-ms 400]
//                        [--finality-slots 2] [--no-dev-methods] [--exit-with-stdin] [--verbose]
import http from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Chain } from './lib/chain.mjs';
import { createMethods } from './lib/methods.mjs';
import { dispatch, parseError } from './lib/jsonrpc.mjs';
import { startPubSub } from './lib/pubsub.mjs';
import { stringifyJson, toBase58, parsePubkey } from './lib/codec.mjs';
import { RpcError, RpcCode } from './lib/errors.mjs';

const MAX_BODY_BYTES = 8 * 1024 * 1024;
// A fixed, recognisable genesis hash for a chain that does not pretend to be devnet.
const DEV_GENESIS_HASH = toBase58(createHash('sha256').update('zksummarize-devchain').digest());

function usage(message) {
  process.stderr.write(`devchain: ${message}\n`
    + 'usage: node server.mjs [--host 127.0.0.1] [--port 0] [--genesis-hash <base58>] [--program <id>=<path.so>]... '
    + '[--slot-ms 400] [--finality-slots 2] [--no-dev-methods] [--exit-with-stdin] [--verbose]\n');
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        'genesis-hash': { type: 'string', default: DEV_GENESIS_HASH },
        program: { type: 'string', multiple: true, default: [] },
        'slot-ms': { type: 'string', default: '400' },
        'finality-slots': { type: 'string', default: '2' },
        'no-dev-methods': { type: 'boolean', default: false },
        'exit-with-stdin': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    usage(e.message);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65534) usage(`--port must be 0..65534 (the websocket uses port+1), got ${values.port}`);
  try {
    parsePubkey(values['genesis-hash'], '--genesis-hash');
  } catch (e) {
    usage(e.message);
  }
  const programs = values.program.map((spec) => {
    const eq = spec.indexOf('=');
    if (eq < 0) usage(`--program takes <program id>=<path.so>, got ${spec}`);
    const [id, path] = [spec.slice(0, eq), spec.slice(eq + 1)];
    try {
      parsePubkey(id, 'program id');
      return { id, bytes: readFileSync(path), path };
    } catch (e) {
      return usage(`--program ${spec}: ${e.message}`);
    }
  });
  return {
    host: values.host,
    port,
    genesisHash: values['genesis-hash'],
    programs,
    slotMs: Number(values['slot-ms']),
    finalitySlots: Number(values['finality-slots']),
    devMethods: !values['no-dev-methods'],
    exitWithStdin: values['exit-with-stdin'],
    verbose: values.verbose,
  };
}

// Browsers may call the chain from any page, as they may call Solana's own RPC nodes: the receipt page
// (src/receipt-page) reads attestations from a file:// or another host's page.
const CORS = { 'access-control-allow-origin': '*' };

function createRpcServer(methods, log) {
  return http.createServer((req, res) => {
    const reply = (status, body) => {
      const text = typeof body === 'string' ? body : stringifyJson(body);
      res.writeHead(status, { 'content-type': 'application/json', ...CORS });
      res.end(text);
    };
    if (req.method === 'OPTIONS') {
      // The preflight of a JSON POST; a page on a public host reaching a chain on loopback also asks
      // for Private Network Access.
      res.writeHead(204, {
        ...CORS,
        'access-control-allow-methods': 'POST, GET, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
        'access-control-max-age': '86400',
        ...(req.headers['access-control-request-private-network'] ? { 'access-control-allow-private-network': 'true' } : {}),
      });
      return res.end();
    }
    if (req.method === 'GET' && req.url === '/health') return reply(200, '"ok"');
    if (req.method !== 'POST') return reply(405, { error: 'use POST with a JSON-RPC 2.0 body' });
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reply(413, { jsonrpc: '2.0', error: { code: -32600, message: 'request too large' }, id: null });
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(200, parseError());
      }
      const response = dispatch(methods, body, log);
      if (log && !Array.isArray(body)) log(`${body.method} -> ${response.error ? `error ${response.error.code}` : 'ok'}`);
      return reply(200, response);
    });
    return undefined;
  });
}

/** With --no-dev-methods the chain answers only what a real cluster answers: every dev_* method is refused. */
function switchOffDevMethods(methods) {
  for (const name of Object.keys(methods).filter((n) => n.startsWith('dev_'))) {
    methods[name] = () => {
      throw new RpcError(RpcCode.MethodNotFound, `Method not found: ${name} is switched off on this chain (--no-dev-methods), as on real clusters`);
    };
  }
}

/** Listens on port (0 = any) with the websocket on port+1; retries when port+1 is taken. */
async function listenPair(rpcServer, wsServer, port, host) {
  const listen = (server, p) => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
  for (let attempt = 0; attempt < 20; attempt++) {
    const rpcPort = await listen(rpcServer, port);
    try {
      await listen(wsServer, rpcPort + 1);
      return rpcPort;
    } catch (e) {
      await new Promise((resolve) => rpcServer.close(resolve));
      if (port !== 0) throw new Error(`port ${rpcPort + 1} (the websocket port) is in use: ${e.message}`);
    }
  }
  throw new Error('could not find two free adjacent ports');
}

const options = parseOptions();
const log = options.verbose ? (line) => process.stderr.write(`devchain: ${line}\n`) : null;
const chain = new Chain({ slotMs: options.slotMs, finalitySlots: options.finalitySlots });
for (const program of options.programs) {
  try {
    chain.addProgram(program.id, program.bytes);
  } catch (e) {
    usage(`--program ${program.id}=${program.path} could not be loaded: ${e.message ?? e}`);
  }
}
const methods = createMethods(chain, { genesisHash: options.genesisHash });
if (!options.devMethods) switchOffDevMethods(methods);
const rpcServer = createRpcServer(methods, log);
const wsHttpServer = http.createServer((_req, res) => res.writeHead(426).end('websocket only'));
startPubSub(chain, wsHttpServer, (address, encoding) => methods.getAccountInfo([address, { encoding }]).value, log);

let rpcPort;
try {
  rpcPort = await listenPair(rpcServer, wsHttpServer, options.port, options.host);
} catch (e) {
  process.stderr.write(`devchain: ${e.message}\n`);
  process.exit(1);
}
chain.start();

function shutdown() {
  chain.stop();
  rpcServer.close();
  wsHttpServer.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (options.exitWithStdin) {
  // The parent holds our stdin open; when it goes away (even killed), we go too.
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}

process.stdout.write(`${JSON.stringify({
  event: 'ready',
  rpcUrl: `http://127.0.0.1:${rpcPort}`,
  wsUrl: `ws://127.0.0.1:${rpcPort + 1}`,
  genesisHash: options.genesisHash,
  devMethods: options.devMethods,
  slot: chain.slot.toString(),
})}\n`);
