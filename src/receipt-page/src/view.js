// Rendering the checks and the receipt's facts. Every value from a receipt is set as text, never as
// HTML: a receipt is untrusted input.
import { CHECKS } from './checks.js';
import { PINNED_KEYS } from './pinned-keys.js';

const LABELS = { pass: 'Passed', fail: 'Failed', forgeable: 'Forgeable', skipped: 'Not run', running: 'Checking…' };
const VERDICTS = {
  valid: 'Valid: every check passed, under a verifying key this page pins.',
  forgeable: 'FORGEABLE: the proof was made under the development key, whose secrets are public. This receipt proves nothing.',
  invalid: 'Not valid: see the failed checks below.',
};

const byId = (id) => document.getElementById(id);

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** Shows every check as running, before the first result. */
export function showRunning() {
  const list = byId('checks');
  list.replaceChildren(...CHECKS.map(({ id, title }) => {
    const item = element('li', undefined, { 'data-check': id, 'data-status': 'running' });
    item.append(element('span', LABELS.running, { class: 'status' }), element('strong', title, { class: 'title' }), element('p', '', { class: 'detail' }));
    return item;
  }));
  const verdict = byId('verdict');
  verdict.textContent = 'Checking…';
  verdict.removeAttribute('data-verdict');
  byId('result').hidden = false;
  byId('result').setAttribute('aria-busy', 'true');
  byId('details').hidden = true;
}

export function showCheck(id, { status, detail }) {
  const item = document.querySelector(`#checks li[data-check="${id}"]`);
  item.dataset.status = status;
  item.querySelector('.status').textContent = LABELS[status];
  item.querySelector('.detail').textContent = detail;
}

/** The verdict, then focus on the result so that keyboard and screen-reader users land on it. */
export function showVerdict({ verdict, receipt, key, attestation }) {
  const paragraph = byId('verdict');
  paragraph.dataset.verdict = verdict;
  paragraph.textContent = VERDICTS[verdict];
  byId('result').setAttribute('aria-busy', 'false');
  if (receipt) showFacts(receipt, key, attestation);
  byId('result-heading').focus();
}

export function showError(message) {
  const error = byId('form-error');
  error.textContent = message;
  error.hidden = !message;
}

function showFacts(receipt, key, attestation) {
  const t = receipt.transactions;
  const payment = t.openEscrow ? `escrow opened in transaction ${t.openEscrow}` : t.payment ? `paid with x402 exact in transaction ${t.payment}` : 'no payment transaction recorded';
  const paid = attestation
    ? attestation.escrowed
      ? `the program paid the worker ${units(attestation.paidToWorker)} and the protocol fee ${units(attestation.paidFee)} from the escrow`
      : 'a direct attestation: the payment was made outside escrow, the program moved no money'
    : 'not read from the chain';
  const facts = [
    ['Network', receipt.network],
    ['Program', receipt.programId],
    ['Request', bytesHex(receipt.requestIdBytes)],
    ['Worker', receipt.worker],
    ['Circuit', key ? key.circuit : (receipt.json.circuit ?? 'not named')],
    ['Verifying key', key ? `${key.name}${key.forgeable ? ' — FORGEABLE' : ' — pinned by this page'}` : `${receipt.verifyingKeyHash}: not a key this page pins (the receipt calls it "${receipt.verifyingKeyName}")`],
    ['Payment', `${payment}; ${paid}`],
    ['Attestation', receipt.attestation],
    ['Attestation transaction', t.attest ?? 'not recorded'],
    ...(t.workerPayout ? [['Worker payout', t.workerPayout]] : []),
    ['Document root', receipt.json.docRoot],
    ...(receipt.json.committedText ? [['Committed text', committedText(receipt.json.committedText)]] : []),
  ];
  byId('facts').replaceChildren(...facts.flatMap(([term, value]) => [element('dt', term), element('dd', value, { 'data-fact': term })]));
  byId('sentences').replaceChildren(...receipt.summary.map((s) => {
    const item = element('li', undefined, { value: String(s.index + 1) });
    item.append(element('span', s.text), element('span', ` (sentence ${s.index + 1} of the document)`, { class: 'hint' }));
    return item;
  }));
  byId('details').hidden = false;
}

export function showPinnedKeys() {
  byId('pinned-keys').replaceChildren(...PINNED_KEYS.map((key) => {
    const where = key.networks === '*' ? 'every network' : `only ${key.networks.join(', ')}`;
    return element('li', `${key.name}: accepted on ${where}${key.forgeable ? ', and reported as FORGEABLE there' : ''}. SHA-256 ${key.hash}`,
      { 'data-key-hash': key.hash, 'data-forgeable': String(key.forgeable) });
  }));
}

// What the node says it committed (docs/receipts.md): hashes to compare with one's own copy, not checked here.
function committedText(c) {
  const submitted = c.sha256 ? `SHA-256 ${c.sha256} of the ${c.utf8Bytes} bytes submitted (compare: sha256sum your copy); ` : '';
  return `${c.sentences} sentences; ${submitted}SHA-256 ${c.normalizedSha256} of the normalised text`;
}

function units(value) {
  return `${value} base units (${(Number(value) / 1e6).toFixed(6)} at 6 decimals)`;
}

function bytesHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
