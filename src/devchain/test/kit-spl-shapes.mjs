// A full SPL flow with @solana/kit 8 and @solana-program/token, unmodified, against the dev chain given as
// argv[2] (HTTP) and argv[3] (websocket): a mint, associated token accounts (created through the ATA
// program's CPIs), a mint, a transfer, then the reads kit's RPC API types describe. kit does not check
// responses at run time, so every response here is checked against the fields agave returns (no missing
// field, no field a validator does not send) and its values are checked where they can be known.
// Exits non-zero on any failure or on anything printed to console.warn/console.error; prints one JSON line.
import assert from 'node:assert/strict';
import {
  airdropFactory, appendTransactionMessageInstructions, createSolanaRpc, createSolanaRpcSubscriptions,
  createTransactionMessage, generateKeyPairSigner, getBase64EncodedWireTransaction, getSignatureFromTransaction, lamports,
  pipe, sendAndConfirmTransactionFactory, setTransactionMessageFeePayerSigner, setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  TOKEN_PROGRAM_ADDRESS, fetchMint, fetchToken, findAssociatedTokenPda, getCreateAssociatedTokenIdempotentInstructionAsync,
  getInitializeMint2Instruction, getMintSize, getMintToCheckedInstruction, getTransferCheckedInstruction,
} from '@solana-program/token';
import { failOnConsoleWarnings } from './console-guard.mjs';

const consoleGuard = failOnConsoleWarnings();
const DECIMALS = 6;
const [rpcUrl, wsUrl] = process.argv.slice(2);
const rpc = createSolanaRpc(rpcUrl);
const rpcSubscriptions = createSolanaRpcSubscriptions(wsUrl);
const sendAndConfirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions });
const [payer, recipient, mint] = await Promise.all([generateKeyPairSigner(), generateKeyPairSigner(), generateKeyPairSigner()]);

/** Fails unless `object` has every key in `required`, and no key outside `required` and `optional`. */
function assertFields(object, required, optional, where) {
  assert.ok(object && typeof object === 'object', `${where}: expected an object, got ${object}`);
  const keys = Object.keys(object);
  const missing = required.filter((k) => !keys.includes(k));
  const unknown = keys.filter((k) => !required.includes(k) && !optional.includes(k));
  assert.deepEqual({ missing, unknown }, { missing: [], unknown: [] }, `${where}: fields differ from a validator's`);
}

const COMPILED_INSTRUCTION = ['programIdIndex', 'accounts', 'data', 'stackHeight'];
const PARSED_INSTRUCTION = ['program', 'programId', 'parsed', 'stackHeight'];
const PARTIALLY_DECODED_INSTRUCTION = ['programId', 'accounts', 'data', 'stackHeight'];
const TOKEN_AMOUNT = ['amount', 'decimals', 'uiAmount', 'uiAmountString'];
const TOKEN_BALANCE = ['accountIndex', 'mint', 'uiTokenAmount', 'owner', 'programId'];
const META = ['err', 'status', 'fee', 'preBalances', 'postBalances', 'innerInstructions', 'logMessages', 'preTokenBalances',
  'postTokenBalances', 'rewards', 'computeUnitsConsumed'];
const META_OPTIONAL = ['returnData', 'costUnits'];

function checkTokenBalances(list, where) {
  list.forEach((balance, i) => {
    assertFields(balance, TOKEN_BALANCE, [], `${where}[${i}]`);
    assertFields(balance.uiTokenAmount, TOKEN_AMOUNT, [], `${where}[${i}].uiTokenAmount`);
  });
}

function checkInstruction(ix, where) {
  if ('programIdIndex' in ix) assertFields(ix, COMPILED_INSTRUCTION, [], where);
  else if ('parsed' in ix) assertFields(ix, PARSED_INSTRUCTION, [], where);
  else assertFields(ix, PARTIALLY_DECODED_INSTRUCTION, [], where);
}

/** getTransaction with maxSupportedTransactionVersion 0, in the "json" or "jsonParsed" encoding. */
function checkTransaction(tx, encoding, where) {
  assertFields(tx, ['slot', 'transaction', 'meta', 'version', 'blockTime'], ['transactionIndex'], where);
  const parsed = encoding === 'jsonParsed';
  const lookups = tx.version === 'legacy' ? [] : ['addressTableLookups'];
  const { message } = tx.transaction;
  assertFields(tx.transaction, ['signatures', 'message'], [], `${where}.transaction`);
  assertFields(message, parsed ? ['accountKeys', 'recentBlockhash', 'instructions', ...lookups] : ['header', 'accountKeys', 'recentBlockhash', 'instructions', ...lookups],
    [], `${where}.message`);
  if (parsed) message.accountKeys.forEach((key, i) => assertFields(key, ['pubkey', 'writable', 'signer', 'source'], [], `${where}.accountKeys[${i}]`));
  else assertFields(message.header, ['numRequiredSignatures', 'numReadonlySignedAccounts', 'numReadonlyUnsignedAccounts'], [], `${where}.header`);
  message.instructions.forEach((ix, i) => checkInstruction(ix, `${where}.instructions[${i}]`));
  assertFields(tx.meta, parsed ? META : [...META, 'loadedAddresses'], META_OPTIONAL, `${where}.meta`);
  tx.meta.innerInstructions.forEach((group, g) => {
    assertFields(group, ['index', 'instructions'], [], `${where}.innerInstructions[${g}]`);
    group.instructions.forEach((ix, i) => checkInstruction(ix, `${where}.innerInstructions[${g}][${i}]`));
  });
  checkTokenBalances(tx.meta.preTokenBalances, `${where}.preTokenBalances`);
  checkTokenBalances(tx.meta.postTokenBalances, `${where}.postTokenBalances`);
}

async function send(instructions) {
  const { value: latestBlockhash } = await rpc.getLatestBlockhash().send();
  assertFields(latestBlockhash, ['blockhash', 'lastValidBlockHeight'], [], 'getLatestBlockhash');
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(latestBlockhash, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  const transaction = await signTransactionMessageWithSigners(message);
  await sendAndConfirm(transaction, { commitment: 'confirmed' });
  return { signature: getSignatureFromTransaction(transaction), wire: getBase64EncodedWireTransaction(transaction) };
}

// --- the flow -----------------------------------------------------------------------------------------
await airdropFactory({ rpc, rpcSubscriptions })({ recipientAddress: payer.address, lamports: lamports(2_000_000_000n), commitment: 'confirmed' });
const mintSpace = BigInt(getMintSize());
const rent = await rpc.getMinimumBalanceForRentExemption(mintSpace).send();
const createMint = await send([
  getCreateAccountInstruction({ payer, newAccount: mint, lamports: rent, space: mintSpace, programAddress: TOKEN_PROGRAM_ADDRESS }),
  getInitializeMint2Instruction({ mint: mint.address, decimals: DECIMALS, mintAuthority: payer.address }),
]);
const [payerAta] = await findAssociatedTokenPda({ owner: payer.address, mint: mint.address, tokenProgram: TOKEN_PROGRAM_ADDRESS });
const [recipientAta] = await findAssociatedTokenPda({ owner: recipient.address, mint: mint.address, tokenProgram: TOKEN_PROGRAM_ADDRESS });
const createAtaInstruction = (owner) => getCreateAssociatedTokenIdempotentInstructionAsync({ payer, owner, mint: mint.address });
const createAtas = await send([await createAtaInstruction(payer.address), await createAtaInstruction(recipient.address)]);
await send([getMintToCheckedInstruction({ mint: mint.address, token: payerAta, mintAuthority: payer, amount: 5_000_000n, decimals: DECIMALS })]);
const transfer = await send([getTransferCheckedInstruction({
  source: payerAta, mint: mint.address, destination: recipientAta, authority: payer, amount: 1_250_000n, decimals: DECIMALS,
})]);

// --- transaction reads --------------------------------------------------------------------------------
const read = (signature, encoding) => rpc.getTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: 'confirmed', encoding }).send();
const raw = await read(createAtas.signature, 'json');
checkTransaction(raw, 'json', 'getTransaction(json)');
assert.equal(raw.version, 0);
assert.deepEqual(raw.meta.loadedAddresses, { writable: [], readonly: [] });
assert.deepEqual(raw.meta.innerInstructions.map((g) => g.index), [0, 1]);
assert.ok(raw.meta.innerInstructions[0].instructions.every((ix) => ix.stackHeight === 2));
assert.equal(typeof raw.meta.fee, 'bigint'); // kit upgrades u64 numbers to bigint

const parsed = await read(createAtas.signature, 'jsonParsed');
checkTransaction(parsed, 'jsonParsed', 'getTransaction(jsonParsed)');
assert.equal(parsed.transaction.message.instructions[0].parsed.type, 'createIdempotent');
const innerTypes = parsed.meta.innerInstructions[1].instructions.map((ix) => ix.parsed?.type);
assert.ok(innerTypes.includes('initializeAccount3') && innerTypes.includes('createAccount'), `inner instructions: ${innerTypes}`);

const parsedTransfer = await read(transfer.signature, 'jsonParsed');
checkTransaction(parsedTransfer, 'jsonParsed', 'getTransaction(transfer)');
assert.equal(parsedTransfer.transaction.message.instructions[0].parsed.info.tokenAmount.uiAmountString, '1.25');
const postAmounts = Object.fromEntries(parsedTransfer.meta.postTokenBalances.map((b) => [b.owner, b.uiTokenAmount.amount]));
assert.deepEqual(postAmounts, { [payer.address]: '3750000', [recipient.address]: '1250000' });

const base64 = await read(transfer.signature, 'base64');
assert.equal(base64.transaction[0], transfer.wire);

// --- simulation, accounts, statuses -------------------------------------------------------------------
const { value: latestBlockhash } = await rpc.getLatestBlockhash().send();
const unsent = await signTransactionMessageWithSigners(pipe(
  createTransactionMessage({ version: 0 }),
  (m) => setTransactionMessageFeePayerSigner(payer, m),
  (m) => setTransactionMessageLifetimeUsingBlockhash(latestBlockhash, m),
  (m) => appendTransactionMessageInstructions([getTransferCheckedInstruction({
    source: payerAta, mint: mint.address, destination: recipientAta, authority: payer, amount: 1n, decimals: DECIMALS,
  })], m),
));
const simulation = await rpc.simulateTransaction(getBase64EncodedWireTransaction(unsent), { encoding: 'base64', innerInstructions: true }).send();
assertFields(simulation.value, ['err', 'logs', 'accounts', 'unitsConsumed', 'returnData', 'innerInstructions', 'replacementBlockhash', 'fee',
  'preBalances', 'postBalances', 'preTokenBalances', 'postTokenBalances', 'loadedAddresses'], ['loadedAccountsDataSize'], 'simulateTransaction');
assert.equal(simulation.value.err, null);
assert.equal(simulation.value.fee, 5000n);
checkTokenBalances(simulation.value.postTokenBalances, 'simulateTransaction.postTokenBalances');

const mintAccount = await fetchMint(rpc, mint.address);
assert.equal(mintAccount.data.supply, 5_000_000n);
const recipientToken = await fetchToken(rpc, recipientAta);
assert.equal(recipientToken.data.amount, 1_250_000n);
const { value: info } = await rpc.getAccountInfo(recipientAta, { encoding: 'jsonParsed' }).send();
assertFields(info, ['data', 'executable', 'lamports', 'owner', 'rentEpoch', 'space'], [], 'getAccountInfo(jsonParsed)');
assertFields(info.data, ['program', 'parsed', 'space'], [], 'getAccountInfo(jsonParsed).data');
const { value: balance } = await rpc.getTokenAccountBalance(recipientAta).send();
assertFields(balance, TOKEN_AMOUNT, [], 'getTokenAccountBalance');
assert.equal(balance.amount, '1250000');
const { value: owned } = await rpc.getTokenAccountsByOwner(recipient.address, { mint: mint.address }, { encoding: 'jsonParsed' }).send();
assert.deepEqual(owned.map((a) => a.pubkey), [recipientAta]);
const { value: supply } = await rpc.getTokenSupply(mint.address).send();
assert.equal(supply.uiAmountString, '5');
const holders = await rpc.getProgramAccounts(TOKEN_PROGRAM_ADDRESS, {
  encoding: 'base64', filters: [{ dataSize: 165n }, { memcmp: { offset: 0n, bytes: mint.address, encoding: 'base58' } }],
}).send();
assert.equal(holders.length, 2);

const { value: statuses } = await rpc.getSignatureStatuses([createMint.signature, transfer.signature], { searchTransactionHistory: true }).send();
statuses.forEach((status, i) => assertFields(status, ['slot', 'confirmations', 'err', 'status', 'confirmationStatus'], [], `getSignatureStatuses[${i}]`));
const signatures = await rpc.getSignaturesForAddress(payer.address).send();
signatures.forEach((s, i) => assertFields(s, ['signature', 'slot', 'err', 'memo', 'blockTime', 'confirmationStatus'], [], `getSignaturesForAddress[${i}]`));

consoleGuard.assertQuiet();
console.log(JSON.stringify({ createAtas: createAtas.signature, transfer: transfer.signature, innerTypes, recipientBalance: balance.amount }));
process.exit(0);
