// Solana's PubSub websocket: signature, account and slot subscriptions, as web3.js and kit use them.
import { WebSocketServer } from 'ws';
import { stringifyJson } from './codec.mjs';
import { RpcCode } from './errors.mjs';

/**
 * @param {import('./chain.mjs').Chain} chain
 * @param {(address: string, encoding: string) => object|null} encodeAccount the getAccountInfo value for an address
 */
export function startPubSub(chain, server, encodeAccount, log) {
  const wss = new WebSocketServer({ server });
  let nextId = 1;

  wss.on('connection', (socket) => {
    const subscriptions = new Map(); // id -> { kind, ...details }
    const send = (message) => socket.readyState === socket.OPEN && socket.send(stringifyJson(message));
    const notify = (method, subscription, result) => send({ jsonrpc: '2.0', method, params: { result, subscription } });
    const context = () => ({ slot: chain.slot });

    const signatureDone = (id, record) => {
      notify('signatureNotification', id, { context: { slot: record.slot }, value: { err: record.err } });
      subscriptions.delete(id); // signature subscriptions end after their one notification
    };

    const onTransaction = (record) => {
      for (const [id, sub] of subscriptions) {
        if (sub.kind === 'signature' && sub.signature === record.signature) signatureDone(id, record);
      }
    };
    const onAccounts = (addresses) => {
      for (const [id, sub] of subscriptions) {
        if (sub.kind === 'account' && addresses.includes(sub.address)) {
          notify('accountNotification', id, { context: context(), value: encodeAccount(sub.address, sub.encoding) });
        }
      }
    };
    const onSlot = (slot) => {
      for (const [id, sub] of subscriptions) {
        if (sub.kind === 'slot') notify('slotNotification', id, { parent: slot - 1n, root: slot > 1n ? slot - 1n : 0n, slot });
      }
    };
    chain.on('transaction', onTransaction);
    chain.on('accounts', onAccounts);
    chain.on('slot', onSlot);
    socket.on('close', () => {
      chain.off('transaction', onTransaction);
      chain.off('accounts', onAccounts);
      chain.off('slot', onSlot);
    });

    socket.on('message', (data) => {
      let request;
      try {
        request = JSON.parse(data.toString());
      } catch {
        return; // keep-alive pings and other noise are tolerated, as Solana's server does
      }
      const { id = null, method, params = [] } = request ?? {};
      const reply = (result) => send({ jsonrpc: '2.0', result, id });
      const fail = (code, message) => send({ jsonrpc: '2.0', error: { code, message }, id });
      const subscribe = (details) => {
        const subId = nextId++;
        subscriptions.set(subId, details);
        reply(subId);
        return subId;
      };
      switch (method) {
        case 'signatureSubscribe': {
          if (typeof params[0] !== 'string') return fail(RpcCode.InvalidParams, 'Invalid params: expected a signature');
          const subId = subscribe({ kind: 'signature', signature: params[0] });
          const record = chain.history.get(params[0]);
          if (record) setImmediate(() => subscriptions.has(subId) && signatureDone(subId, record));
          return undefined;
        }
        case 'accountSubscribe':
          if (typeof params[0] !== 'string') return fail(RpcCode.InvalidParams, 'Invalid params: expected a pubkey');
          return subscribe({ kind: 'account', address: params[0], encoding: params[1]?.encoding ?? 'base64' });
        case 'slotSubscribe':
          return subscribe({ kind: 'slot' });
        case 'signatureUnsubscribe':
        case 'accountUnsubscribe':
        case 'slotUnsubscribe':
          return reply(subscriptions.delete(params[0]));
        case 'ping':
          return reply('pong');
        default:
          return fail(RpcCode.MethodNotFound, 'Method not found');
      }
    });
  });
  wss.on('error', (e) => log?.(`websocket error: ${e.message}`));
  return wss;
}
