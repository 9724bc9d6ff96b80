// Writes the escrow program's IDL in Codama's format (src/onchain/zksummarize_escrow.codama.json) from the
// layouts in src/onchain/state.h and docs/onchain.md, built with Codama's own node helpers (1.6, the version
// @codama/dynamic-codecs reads) so that the file is what Codama's tools read. `node make-idl.mjs --check`
// fails when the committed file differs from what this script makes, or when Codama's validator finds an
// error in it (the IdlTests run it), so the two never drift apart.
// The program id is the deployment's: the IDL carries a placeholder (the System program's id); a client
// passes its deployment's id (see open-escrow.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  accountNode, argumentValueNode, arrayTypeNode, bytesTypeNode, constantPdaSeedNodeFromString, errorNode, fieldDiscriminatorNode,
  fixedCountNode, fixedSizeTypeNode, instructionAccountNode, instructionArgumentNode, instructionNode, numberTypeNode, numberValueNode,
  pdaLinkNode, pdaNode, pdaSeedValueNode, pdaValueNode, programNode, publicKeyTypeNode, publicKeyValueNode, rootNode,
  structFieldTypeNode, structTypeNode, variablePdaSeedNode,
} from '@codama/nodes';
import { getValidationItemsVisitor } from '@codama/validators';
import { visit } from '@codama/visitors-core';

const IDL_FILE = fileURLToPath(new URL('../../../src/onchain/zksummarize_escrow.codama.json', import.meta.url));
const SYSTEM_PROGRAM = '11111111111111111111111111111111';
const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';

const u8 = numberTypeNode('u8');
const u16 = numberTypeNode('u16');
const u64 = numberTypeNode('u64');
const i64 = numberTypeNode('i64');
const bytes = (size) => fixedSizeTypeNode(bytesTypeNode(), size);
const key = publicKeyTypeNode();
const field = (name, type, docs) => structFieldTypeNode({ name, type, docs });
const padding = (name, size) => field(name, bytes(size), ['Unused, zero.']);

// --- addresses ----------------------------------------------------------------------------------------
const pdas = [
  pdaNode({ name: 'config', docs: ['The one configuration of the program.'], seeds: [constantPdaSeedNodeFromString('utf8', 'config')] }),
  pdaNode({ name: 'escrow', docs: ['An escrow, by the request id it pays for.'], seeds: [constantPdaSeedNodeFromString('utf8', 'escrow'), variablePdaSeedNode('requestId', bytes(32))] }),
  pdaNode({ name: 'attestation', docs: ["The attestation that settles an escrow's request."], seeds: [constantPdaSeedNodeFromString('utf8', 'attest'), variablePdaSeedNode('requestId', bytes(32))] }),
  pdaNode({
    name: 'directAttestation',
    docs: ["A worker's attestation of a summary paid outside escrow (AttestDirect)."],
    seeds: [constantPdaSeedNodeFromString('utf8', 'direct'), variablePdaSeedNode('worker', key), variablePdaSeedNode('requestId', bytes(32))],
  }),
  pdaNode({ name: 'verifyingKey', docs: ['A stored verifying key, by the SHA-256 of its 768 bytes.'], seeds: [constantPdaSeedNodeFromString('utf8', 'vk'), variablePdaSeedNode('keyHash', bytes(32))] }),
  pdaNode({
    name: 'workerRegistration',
    docs: ["An operator's permission for a worker key to attest its escrows."],
    seeds: [constantPdaSeedNodeFromString('utf8', 'worker'), variablePdaSeedNode('operator', key), variablePdaSeedNode('worker', key)],
  }),
];

// --- accounts (src/onchain/state.h) -------------------------------------------------------------------
const kindField = (kind) => structFieldTypeNode({
  name: 'kind', type: u8, defaultValue: numberValueNode(kind), defaultValueStrategy: 'omitted', docs: ['What this account is (the first byte of every account of the program).'],
});
const stateAccount = (name, kind, size, fields, docs, pda) => accountNode({
  name, size, docs, pda: pda ? pdaLinkNode(pda) : undefined, discriminators: [fieldDiscriminatorNode('kind')],
  data: structTypeNode([kindField(kind), ...fields]),
});
const accounts = [
  stateAccount('config', 1, 232, [
    field('bump', u8), field('feeBasisPoints', u16), padding('padding', 4),
    field('admin', key, ['The upgrade authority that initialised the config.']), field('mint', key, ['The USDC mint.']),
    field('treasury', key, ["The treasury's token account."]),
    field('verifyingKeyHashes', arrayTypeNode(bytes(32), fixedCountNode(4)),
      ['The current keys, one slot per circuit of the grounding family (SHA-256 of each); zeros: an empty slot.']),
  ], ['The fee, the mint, the treasury and the current verifying keys.'], 'config'),
  stateAccount('verifyingKey', 4, 808, [
    field('bump', u8), padding('padding', 6), field('hash', bytes(32)),
    field('key', bytes(768), ['α‖β‖γ‖δ‖IC0..IC4 in the alt_bn128 (big-endian) layout.']),
  ], ['A Groth16 verifying key, written once and never changed.'], 'verifyingKey'),
  stateAccount('workerRegistration', 5, 72, [field('bump', u8), padding('padding', 6), field('operator', key), field('worker', key)],
    ['The operator lets this worker attest its escrows.'], 'workerRegistration'),
  stateAccount('escrow', 2, 248, [
    field('bump', u8), field('state', u8), field('attestationBump', u8), field('sentences', u8, ['The summary length paid for.']), padding('padding', 1),
    field('feeBasisPoints', u16), field('client', key), field('requestId', bytes(32)), field('docRoot', bytes(32)),
    field('amount', u64), field('deadline', i64, ['Unix seconds: after it, the client may refund.']), field('config', key), field('operator', key),
    field('verifyingKeyHash', bytes(32)), field('vault', key, ["The escrow's associated token account for the mint."]),
  ], ['Locked USDC for one request, and everything its settlement depends on.'], 'escrow'),
  stateAccount('attestation', 3, 256, [
    field('bump', u8), field('sentences', u8), field('escrowed', u8, ['1: it settled an escrow; 0: a direct attestation (nothing moved).']), padding('padding', 4),
    field('requestId', bytes(32)), field('docRoot', bytes(32)), field('summaryHash', bytes(32)), field('worker', key), field('slot', u64),
    field('paidToWorker', u64), field('paidFee', u64), field('verifyingKeyHash', bytes(32)),
    field('operator', key, ['Escrow attestations only (zeros otherwise).']), field('client', key, ['Escrow attestations only (zeros otherwise).']),
  ], ['The on-chain record of a proven summary.']),
];

// --- instructions (docs/onchain.md; ZkSummarize.Solana.Programs.EscrowProgram) -----------------------
const account = (name, { writable = false, signer = false, defaultValue, docs } = {}) =>
  instructionAccountNode({ name, isWritable: writable, isSigner: signer, defaultValue, docs });
const systemProgram = account('systemProgram', { defaultValue: publicKeyValueNode(SYSTEM_PROGRAM, 'systemProgram') });
const tokenProgram = account('tokenProgram', { defaultValue: publicKeyValueNode(TOKEN_PROGRAM, 'tokenProgram') });
const configAccount = (writable = false) => account('config', { writable, defaultValue: pdaValueNode('config') });
const argument = (name, type, docs) => instructionArgumentNode({ name, type, docs });
const instruction = (name, tag, docs, instructionAccounts, args = []) => instructionNode({
  name,
  docs,
  accounts: instructionAccounts,
  arguments: [
    instructionArgumentNode({ name: 'discriminator', type: u8, defaultValue: numberValueNode(tag), defaultValueStrategy: 'omitted' }),
    ...args,
  ],
  discriminators: [fieldDiscriminatorNode('discriminator')],
});
const byRequestId = (pda) => pdaValueNode(pda, [pdaSeedValueNode('requestId', argumentValueNode('requestId'))]);

const instructions = [
  instruction('initializeConfig', 0, ["Creates the config. Only the program's upgrade authority (named by its ProgramData account) may."], [
    account('admin', { writable: true, signer: true }), configAccount(true), account('mint'), account('treasury', { docs: ["The treasury's token account for the mint."] }),
    account('program', { docs: ['This program.'] }), account('programData', { docs: ["This program's ProgramData account (upgradeable loader)."] }), systemProgram,
  ], [argument('feeBasisPoints', u16)]),
  instruction('setVerifyingKey', 1, ["Stores the key in its own account (once) and makes it the config's current key in `slot`; open escrows keep theirs."], [
    account('admin', { writable: true, signer: true }), configAccount(true), account('verifyingKey', { writable: true, docs: ['The verifyingKey PDA of the SHA-256 of the key.'] }), systemProgram,
  ], [argument('slot', u8, ['The grounding circuit\'s slot, 0..3 (0: the full circuit).']), argument('verifyingKey', bytes(768))]),
  instruction('openEscrow', 2, [
    'Locks `amount` of the mint in the vault for (requestId, docRoot, deadline, operator, sentences) under `verifyingKeyHash`, one of the current keys.',
    "The vault (the escrow's associated token account) must exist: create it idempotently first in the same transaction.",
  ], [
    account('client', { writable: true, signer: true }), account('escrow', { writable: true, defaultValue: byRequestId('escrow') }),
    account('vault', { writable: true, docs: ["The escrow PDA's associated token account for the mint."] }), account('clientTokenAccount', { writable: true }),
    account('mint'), configAccount(), tokenProgram, systemProgram,
  ], [
    argument('requestId', bytes(32)), argument('docRoot', bytes(32), ['The Poseidon root of the document, big-endian.']), argument('amount', u64),
    argument('deadline', i64, ['Unix seconds.']), argument('operator', key, ['The node that quoted the request: only workers it registered may attest.']),
    argument('sentences', u8, ['The summary length paid for (1..16).']), argument('vaultBump', u8, ["The bump of the vault's address."]),
    argument('verifyingKeyHash', bytes(32), ["The key the escrow settles under (the quoted circuit's): one of the config's current keys."]),
  ]),
  instruction('attest', 3, ["A worker's Groth16 proof settles the escrow: pays the worker and the treasury, returns any surplus, closes the vault and the escrow."], [
    account('worker', { writable: true, signer: true }), account('escrow', { writable: true }), account('vault', { writable: true }),
    account('workerTokenAccount', { writable: true }), account('treasury', { writable: true }), account('attestation', { writable: true }),
    account('client', { writable: true }), account('clientTokenAccount', { writable: true, docs: ["The client's associated token account (create it idempotently first)."] }),
    configAccount(), account('verifyingKey'), account('workerRegistration'), account('mint'), tokenProgram, systemProgram,
  ], [argument('summaryChain', bytes(32), ["hₖ, the summary's hash chain before its count."]), argument('proof', bytes(256), ['(−A)‖B‖C, big-endian.'])]),
  instruction('refund', 4, ['After the deadline only: the whole vault back to the client, then the same closing.'], [
    account('client', { writable: true, signer: true }), account('escrow', { writable: true }), account('vault', { writable: true }),
    account('clientTokenAccount', { writable: true }), account('mint'), tokenProgram,
  ]),
  instruction('attestDirect', 5, ['Records a proven summary paid outside escrow (x402 `exact`), under one of the current keys; moves no money.'], [
    account('worker', { writable: true, signer: true }), account('attestation', { writable: true, docs: ['The directAttestation PDA of (worker, requestId).'] }),
    configAccount(), account('verifyingKey'), systemProgram,
  ], [argument('requestId', bytes(32)), argument('docRoot', bytes(32)), argument('summaryChain', bytes(32)), argument('sentences', u8), argument('proof', bytes(256))]),
  instruction('registerWorker', 6, ['The operator lets a worker attest its escrows (the operator pays the rent).'], [
    account('operator', { writable: true, signer: true }), account('workerRegistration', { writable: true }), account('worker'), systemProgram,
  ]),
  instruction('deregisterWorker', 7, ['The operator withdraws the permission and takes back the rent.'], [
    account('operator', { writable: true, signer: true }), account('workerRegistration', { writable: true }), account('worker'),
  ]),
];

// --- errors (EscrowError; src/onchain/state.h) --------------------------------------------------------
const ERRORS = ['invalidInstruction', 'notEnoughAccounts', 'missingSigner', 'notWritable', 'wrongConfigAddress', 'configAlreadyInitialized',
  'configNotInitialized', 'notAdmin', 'invalidFee', 'wrongMint', 'wrongTokenProgram', 'wrongSystemProgram', 'invalidTokenAccount',
  'wrongTreasury', 'wrongEscrowAddress', 'escrowAlreadyExists', 'escrowNotOpen', 'wrongVault', 'invalidRequestId', 'invalidAmount',
  'deadlineInPast', 'deadlinePassed', 'deadlineNotReached', 'wrongClient', 'verifyingKeyNotSet', 'invalidSummaryHash', 'proofInvalid',
  'wrongAttestationAddress', 'attestationExists', 'arithmeticOverflow', 'cpiFailed', 'wrongOwner', 'invalidDocRoot', 'notUpgradeAuthority',
  'wrongProgramAccount', 'workerNotRegistered', 'wrongVerifyingKey', 'invalidSentenceCount', 'duplicateAccount', 'workerAlreadyRegistered',
  'wrongWorkerAddress', 'verifyingKeyNotCurrent', 'invalidKeySlot'];
const sentence = (name) => name.replace(/([A-Z])/g, ' $1').toLowerCase().replace(/^./, (c) => c.toUpperCase());
const errors = ERRORS.map((name, i) => errorNode({ name, code: 0x100 + i, message: sentence(name) }));

const root = rootNode(programNode({
  name: 'zksummarizeEscrow',
  publicKey: SYSTEM_PROGRAM,
  version: '1.0.0',
  docs: ["ZkSummarize's escrow and attestation program (src/onchain, docs/onchain.md). The public key is a placeholder: use your deployment's id."],
  pdas,
  accounts,
  instructions,
  errors,
}));

// Codama's own validator: no error-level item (broken links, dependencies that do not exist, ...).
const problems = visit(root, getValidationItemsVisitor()).filter((item) => item.level === 'error');
if (problems.length > 0) {
  console.error(`Codama finds the IDL invalid:\n${problems.map((item) => `- ${item.message}`).join('\n')}`);
  process.exit(1);
}

const json = `${JSON.stringify(root, null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (readFileSync(IDL_FILE, 'utf8') !== json) {
    console.error(`${IDL_FILE} is not what make-idl.mjs makes: run node tests/js/idl/make-idl.mjs and commit the result.`);
    process.exit(1);
  }
  console.log(JSON.stringify({ checked: IDL_FILE, instructions: instructions.length, accounts: accounts.length, errors: errors.length }));
} else {
  writeFileSync(IDL_FILE, json);
  console.log(`wrote ${IDL_FILE}`);
}
