// The receipt page's controls: paste, drop or choose a receipt, or open a link that carries one
// (#receipt=<base64url JSON>, or #src=<URL of a receipt file>); #rpc=<URL> sets the chain. A link's
// fragment never leaves the browser, so the summary in it is not sent to the page's host.
import { checkReceipt } from './checks.js';
import { showCheck, showError, showPinnedKeys, showRunning, showVerdict } from './view.js';

const DEFAULT_RPC = 'http://127.0.0.1:8899';
const byId = (id) => document.getElementById(id);
let running = false;

async function run() {
  if (running) return;
  const text = byId('receipt-json').value.trim();
  const rpc = byId('rpc-url').value.trim();
  if (!text) return fail('Paste a receipt, drop its file on the box, or choose the file first.', 'receipt-json');
  if (!/^https?:\/\/\S+$/i.test(rpc)) return fail('The JSON-RPC URL must start with http:// or https://.', 'rpc-url');
  showError('');
  running = true;
  byId('check-button').disabled = true;
  showRunning();
  try {
    showVerdict(await checkReceipt(text, rpc, showCheck));
  } catch (e) {
    showError(`The check stopped unexpectedly: ${e.message}`);
  } finally {
    running = false;
    byId('check-button').disabled = false;
  }
  return undefined;
}

function fail(message, focusId) {
  showError(message);
  byId(focusId).focus();
}

async function load(file) {
  if (!file) return;
  byId('receipt-json').value = await file.text();
  await run();
}

function fromLink() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get('rpc')) byId('rpc-url').value = params.get('rpc');
  if (params.get('receipt')) {
    try {
      const base64 = params.get('receipt').replace(/-/g, '+').replace(/_/g, '/');
      byId('receipt-json').value = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    } catch {
      showError('The link carries a receipt that is not base64url JSON; paste the receipt instead.');
      return Promise.resolve();
    }
    return run();
  }
  if (params.get('src')) return fetchReceipt(params.get('src'));
  return Promise.resolve();
}

async function fetchReceipt(url) {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    byId('receipt-json').value = await response.text();
  } catch (e) {
    showError(`Could not load the receipt from ${url} (${e.message}); download it and drop it here instead.`);
    return;
  }
  await run();
}

document.addEventListener('DOMContentLoaded', () => {
  byId('rpc-url').value = DEFAULT_RPC;
  showPinnedKeys();
  byId('receipt-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  byId('receipt-file').addEventListener('change', (event) => load(event.target.files[0]));
  const zone = byId('drop-zone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const file = event.dataTransfer.files[0];
    if (file) return load(file);
    byId('receipt-json').value = event.dataTransfer.getData('text/plain');
    return run();
  });
  window.addEventListener('hashchange', fromLink);
  fromLink();
});
