// A full SPL flow with @solana/web3.js 1.x, unmodified, against the dev chain given as argv[2]: a mint, two
// associated token accounts (the ATA program creates them through CPIs into System and SPL Token), a
// mint, a transfer with a memo, a v0 transaction, then every read web3.js offers for them. web3.js checks
// each response against its own schema and throws on a mismatch; the assertions here check the values
// that a validator would return (agave's parsers, inner instructions, token balances).
// Exits non-zero on any failure or on anything web3.js prints to console.warn/console.error. Prints one
// JSON line on success.
import assert from 'node:assert/strict';
import {
  AddressLookupTableProgram, Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, Transaction, TransactionInstruction,
  TransactionMessage, VersionedTransaction, sendAndConfirmTransaction,
} from '@solana/web3.js';
import { failOnConsoleWarnings } from './console-guard.mjs';

const consoleGuard = failOnConsoleWarnings();
const TOKEN_PROGRAM = new PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
const ATA_PROGRAM = new PublicKey('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL');
const MEMO_PROGRAM = new PublicKey('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr');
const DECIMALS = 6;

const connection = new Connection(process.argv[2], 'confirmed');
const payer = Keypair.generate();
const recipient = Keypair.generate();
const mint = Keypair.generate();

const u64 = (value) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(value));
  return bytes;
};
const ata = (owner) => PublicKey.findProgramAddressSync([owner.toBuffer(), TOKEN_PROGRAM.toBuffer(), mint.publicKey.toBuffer()], ATA_PROGRAM)[0];
const send = (instructions, signers) => sendAndConfirmTransaction(connection, new Transaction().add(...instructions), signers, { commitment: 'confirmed' });

// Instructions by their documented layouts (web3.js 1.x has no SPL helpers of its own).
const initializeMint2 = () => new TransactionInstruction({
  programId: TOKEN_PROGRAM,
  keys: [{ pubkey: mint.publicKey, isSigner: false, isWritable: true }],
  data: Buffer.concat([Buffer.from([20, DECIMALS]), payer.publicKey.toBuffer(), Buffer.from([0])]),
});
const createAta = (owner) => new TransactionInstruction({
  programId: ATA_PROGRAM,
  keys: [
    { pubkey: payer.publicKey, isSigner: true, isWritable: true },
    { pubkey: ata(owner), isSigner: false, isWritable: true },
    { pubkey: owner, isSigner: false, isWritable: false },
    { pubkey: mint.publicKey, isSigner: false, isWritable: false },
    { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
    { pubkey: TOKEN_PROGRAM, isSigner: false, isWritable: false },
  ],
  data: Buffer.alloc(0),
});
const mintToChecked = (amount) => new TransactionInstruction({
  programId: TOKEN_PROGRAM,
  keys: [
    { pubkey: mint.publicKey, isSigner: false, isWritable: true },
    { pubkey: ata(payer.publicKey), isSigner: false, isWritable: true },
    { pubkey: payer.publicKey, isSigner: true, isWritable: false },
  ],
  data: Buffer.concat([Buffer.from([14]), u64(amount), Buffer.from([DECIMALS])]),
});
const transferChecked = (amount) => new TransactionInstruction({
  programId: TOKEN_PROGRAM,
  keys: [
    { pubkey: ata(payer.publicKey), isSigner: false, isWritable: true },
    { pubkey: mint.publicKey, isSigner: false, isWritable: false },
    { pubkey: ata(recipient.publicKey), isSigner: false, isWritable: true },
    { pubkey: payer.publicKey, isSigner: true, isWritable: false },
  ],
  data: Buffer.concat([Buffer.from([12]), u64(amount), Buffer.from([DECIMALS])]),
});
const memo = (text) => new TransactionInstruction({ programId: MEMO_PROGRAM, keys: [], data: Buffer.from(text, 'utf8') });

// --- the flow -----------------------------------------------------------------------------------------
const airdrop = await connection.requestAirdrop(payer.publicKey, 2 * LAMPORTS_PER_SOL);
await connection.confirmTransaction({ signature: airdrop, ...(await connection.getLatestBlockhash()) }, 'confirmed');

const rent = await connection.getMinimumBalanceForRentExemption(82);
const createMintSig = await send([
  SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: mint.publicKey, lamports: rent, space: 82, programId: TOKEN_PROGRAM }),
  initializeMint2(),
], [payer, mint]);
const createAtasSig = await send([createAta(payer.publicKey), createAta(recipient.publicKey)], [payer]);
const mintSig = await send([mintToChecked(5_000_000)], [payer]);
const transferSig = await send([transferChecked(1_250_000), memo('paid for summary 42')], [payer]);

// A v0 transaction (no lookup tables), sent and confirmed by hand.
const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
const v0 = new VersionedTransaction(new TransactionMessage({
  payerKey: payer.publicKey,
  recentBlockhash: blockhash,
  instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient.publicKey, lamports: 1_000_000 })],
}).compileToV0Message());
v0.sign([payer]);
const v0Sig = await connection.sendTransaction(v0);
const confirmation = await connection.confirmTransaction({ signature: v0Sig, blockhash, lastValidBlockHeight }, 'confirmed');
assert.equal(confirmation.value.err, null);

// A v0 transaction that loads its destination from an address lookup table (created and extended first,
// then used once the chain has moved past the slot it was extended in, as on a validator).
const lookedUp = Keypair.generate().publicKey;
const [createTable, tableAddress] = AddressLookupTableProgram.createLookupTable({
  authority: payer.publicKey, payer: payer.publicKey, recentSlot: await connection.getSlot('finalized'),
});
const extendTable = AddressLookupTableProgram.extendLookupTable({ payer: payer.publicKey, authority: payer.publicKey, lookupTable: tableAddress, addresses: [lookedUp] });
const extendedAt = (await connection.getTransaction(await send([createTable, extendTable], [payer]), { maxSupportedTransactionVersion: 0 })).slot;
while (await connection.getSlot() <= extendedAt) await new Promise((resolve) => setTimeout(resolve, 200));
const table = (await connection.getAddressLookupTable(tableAddress)).value;
assert.deepEqual(table.state.addresses.map(String), [lookedUp.toBase58()]);
const latest = await connection.getLatestBlockhash();
const withLookup = new VersionedTransaction(new TransactionMessage({
  payerKey: payer.publicKey,
  recentBlockhash: latest.blockhash,
  instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: lookedUp, lamports: 2_000_000 })],
}).compileToV0Message([table]));
withLookup.sign([payer]);
const lookupSig = await connection.sendTransaction(withLookup);
assert.equal((await connection.confirmTransaction({ signature: lookupSig, ...latest }, 'confirmed')).value.err, null);

// --- unparsed reads -----------------------------------------------------------------------------------
const raw = await connection.getTransaction(createAtasSig, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
assert.equal(raw.version, 'legacy');
assert.deepEqual(raw.transaction.message.header, { numRequiredSignatures: 1, numReadonlySignedAccounts: 0, numReadonlyUnsignedAccounts: 5 });
const keys = raw.transaction.message.staticAccountKeys.map(String);
const rawInner = raw.meta.innerInstructions;
assert.deepEqual(rawInner.map((group) => group.index), [0, 1], 'each ATA create invoked other programs');
const innerPrograms = rawInner[0].instructions.map((ix) => keys[ix.programIdIndex]);
assert.ok(innerPrograms.includes(SystemProgram.programId.toBase58()) && innerPrograms.includes(TOKEN_PROGRAM.toBase58()),
  `the ATA program's CPIs name System and SPL Token, got ${innerPrograms}`);
assert.deepEqual([raw.meta.loadedAddresses.writable, raw.meta.loadedAddresses.readonly], [[], []]);
assert.ok(raw.meta.computeUnitsConsumed > 0);
assert.ok(raw.meta.logMessages.some((line) => line.startsWith(`Program ${ATA_PROGRAM.toBase58()} invoke [1]`)));

const legacyWithoutVersion = await connection.getTransaction(mintSig, { commitment: 'confirmed' });
assert.equal(legacyWithoutVersion.version, undefined, 'a legacy transaction read without maxSupportedTransactionVersion has no version field');

const rawV0 = await connection.getTransaction(v0Sig, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
assert.equal(rawV0.version, 0);
assert.deepEqual(rawV0.transaction.message.addressTableLookups, []);
assert.deepEqual([rawV0.meta.loadedAddresses.writable, rawV0.meta.loadedAddresses.readonly], [[], []]);

const rawLookup = await connection.getTransaction(lookupSig, { maxSupportedTransactionVersion: 0 });
const keysOf = (list) => list.map(String);
assert.deepEqual(keysOf(rawLookup.meta.loadedAddresses.writable), [lookedUp.toBase58()]);
assert.deepEqual(keysOf(rawLookup.meta.loadedAddresses.readonly), []);
const [lookup] = rawLookup.transaction.message.addressTableLookups;
assert.deepEqual([String(lookup.accountKey), lookup.writableIndexes, lookup.readonlyIndexes], [tableAddress.toBase58(), [0], []]);
assert.equal(rawLookup.meta.postBalances.length, rawLookup.transaction.message.staticAccountKeys.length + 1, 'balances cover the loaded address too');
assert.equal(rawLookup.meta.postBalances.at(-1), 2_000_000);

// --- parsed reads -------------------------------------------------------------------------------------
const parsedAtas = await connection.getParsedTransaction(createAtasSig, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
const [firstCreate] = parsedAtas.transaction.message.instructions;
assert.equal(firstCreate.program, 'spl-associated-token-account');
assert.equal(firstCreate.parsed.type, 'create');
assert.deepEqual(firstCreate.parsed.info, {
  source: payer.publicKey.toBase58(),
  account: ata(payer.publicKey).toBase58(),
  wallet: payer.publicKey.toBase58(),
  mint: mint.publicKey.toBase58(),
  systemProgram: SystemProgram.programId.toBase58(),
  tokenProgram: TOKEN_PROGRAM.toBase58(),
});
const accountKeys = parsedAtas.transaction.message.accountKeys;
assert.deepEqual({ pubkey: accountKeys[0].pubkey.toBase58(), signer: accountKeys[0].signer, writable: accountKeys[0].writable, source: accountKeys[0].source },
  { pubkey: payer.publicKey.toBase58(), signer: true, writable: true, source: 'transaction' });
const innerTypes = parsedAtas.meta.innerInstructions[0].instructions.map((ix) => `${ix.program}:${ix.parsed?.type}`);
assert.ok(innerTypes.includes('spl-token:initializeAccount3'), `inner instructions of an ATA create: ${innerTypes}`);
assert.ok(innerTypes.includes('spl-token:getAccountDataSize') && innerTypes.includes('spl-token:initializeImmutableOwner'), `${innerTypes}`);
assert.ok(innerTypes.some((t) => t === 'system:createAccount' || t === 'system:transfer'), `${innerTypes}`);
const initAccount = parsedAtas.meta.innerInstructions[0].instructions.find((ix) => ix.parsed?.type === 'initializeAccount3');
assert.deepEqual(initAccount.parsed.info, { account: ata(payer.publicKey).toBase58(), mint: mint.publicKey.toBase58(), owner: payer.publicKey.toBase58() });
assert.equal(initAccount.stackHeight, 2);
assert.equal(parsedAtas.meta.loadedAddresses, undefined, 'jsonParsed meta has no loadedAddresses (the account keys carry their source)');

const parsedMint = await connection.getParsedTransaction(createMintSig, { maxSupportedTransactionVersion: 0 });
const [createAccount, initMint] = parsedMint.transaction.message.instructions;
assert.deepEqual(createAccount.parsed, {
  type: 'createAccount',
  info: { source: payer.publicKey.toBase58(), newAccount: mint.publicKey.toBase58(), lamports: rent, space: 82, owner: TOKEN_PROGRAM.toBase58() },
});
assert.deepEqual(initMint.parsed, { type: 'initializeMint2', info: { mint: mint.publicKey.toBase58(), decimals: DECIMALS, mintAuthority: payer.publicKey.toBase58() } });

const parsedTransfer = await connection.getParsedTransaction(transferSig, { maxSupportedTransactionVersion: 0 });
const [transfer, memoIx] = parsedTransfer.transaction.message.instructions;
assert.deepEqual(transfer.parsed, {
  type: 'transferChecked',
  info: {
    source: ata(payer.publicKey).toBase58(),
    mint: mint.publicKey.toBase58(),
    destination: ata(recipient.publicKey).toBase58(),
    tokenAmount: { amount: '1250000', decimals: DECIMALS, uiAmount: 1.25, uiAmountString: '1.25' },
    authority: payer.publicKey.toBase58(),
  },
});
assert.deepEqual({ program: memoIx.program, parsed: memoIx.parsed }, { program: 'spl-memo', parsed: 'paid for summary 42' });
// Token balances name each token account by its index in the message's account keys.
const transferKeys = parsedTransfer.transaction.message.accountKeys.map((k) => k.pubkey.toBase58());
const balances = (list) => Object.fromEntries(list.map((b) => [transferKeys[b.accountIndex], `${b.owner}:${b.mint}:${b.uiTokenAmount.amount}`]));
const expectBalances = (payerAmount, recipientAmount) => ({
  [ata(payer.publicKey).toBase58()]: `${payer.publicKey.toBase58()}:${mint.publicKey.toBase58()}:${payerAmount}`,
  [ata(recipient.publicKey).toBase58()]: `${recipient.publicKey.toBase58()}:${mint.publicKey.toBase58()}:${recipientAmount}`,
});
assert.deepEqual(balances(parsedTransfer.meta.preTokenBalances), expectBalances('5000000', '0'));
assert.deepEqual(balances(parsedTransfer.meta.postTokenBalances), expectBalances('3750000', '1250000'));
assert.equal(parsedTransfer.meta.innerInstructions.length, 0);

const several = await connection.getParsedTransactions([mintSig, v0Sig], { maxSupportedTransactionVersion: 0 });
assert.equal(several[0].transaction.message.instructions[0].parsed.type, 'mintToChecked');
assert.deepEqual(several[1].transaction.message.instructions[0].parsed.info,
  { source: payer.publicKey.toBase58(), destination: recipient.publicKey.toBase58(), lamports: 1_000_000 });

const parsedLookup = await connection.getParsedTransaction(lookupSig, { maxSupportedTransactionVersion: 0 });
assert.deepEqual(parsedLookup.transaction.message.accountKeys.map((k) => [k.pubkey.toBase58(), k.source, k.writable]).at(-1), [lookedUp.toBase58(), 'lookupTable', true]);
assert.equal(parsedLookup.transaction.message.instructions[0].parsed.info.destination, lookedUp.toBase58());

// --- accounts and statuses ----------------------------------------------------------------------------
const mintInfo = await connection.getParsedAccountInfo(mint.publicKey);
assert.deepEqual(mintInfo.value.data.parsed, {
  type: 'mint',
  info: { mintAuthority: payer.publicKey.toBase58(), supply: '5000000', decimals: DECIMALS, isInitialized: true, freezeAuthority: null },
});
const recipientAccount = await connection.getParsedAccountInfo(ata(recipient.publicKey));
assert.equal(recipientAccount.value.data.program, 'spl-token');
assert.equal(recipientAccount.value.data.parsed.info.tokenAmount.uiAmountString, '1.25');
const systemAccount = await connection.getParsedAccountInfo(payer.publicKey);
assert.ok(Buffer.isBuffer(systemAccount.value.data), 'an account no parser knows comes back as bytes');

const balance = await connection.getTokenAccountBalance(ata(recipient.publicKey));
assert.deepEqual(balance.value, { amount: '1250000', decimals: DECIMALS, uiAmount: 1.25, uiAmountString: '1.25' });
const supply = await connection.getTokenSupply(mint.publicKey);
assert.equal(supply.value.amount, '5000000');
const owned = await connection.getParsedTokenAccountsByOwner(recipient.publicKey, { mint: mint.publicKey });
assert.deepEqual(owned.value.map((a) => a.pubkey.toBase58()), [ata(recipient.publicKey).toBase58()]);
const byProgram = await connection.getTokenAccountsByOwner(payer.publicKey, { programId: TOKEN_PROGRAM });
assert.equal(byProgram.value.length, 1);
const holders = await connection.getProgramAccounts(TOKEN_PROGRAM, { filters: [{ dataSize: 165 }, { memcmp: { offset: 0, bytes: mint.publicKey.toBase58() } }] });
assert.equal(holders.length, 2);

const statuses = await connection.getSignatureStatuses([createMintSig, transferSig, v0Sig], { searchTransactionHistory: true });
assert.ok(statuses.value.every((s) => s && s.err === null && ['confirmed', 'finalized'].includes(s.confirmationStatus)));
const history = await connection.getSignaturesForAddress(payer.publicKey);
assert.ok(history.length >= 5);

// Simulation with inner instructions (parsed, as a validator returns them).
const simulated = new Transaction().add(createAta(Keypair.generate().publicKey));
simulated.feePayer = payer.publicKey;
simulated.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
const simulation = await connection.simulateTransaction(new VersionedTransaction(simulated.compileMessage()), { innerInstructions: true, sigVerify: false });
assert.equal(simulation.value.err, null);
assert.ok(simulation.value.innerInstructions[0].instructions.some((ix) => ix.parsed?.type === 'initializeAccount3'));

consoleGuard.assertQuiet();
console.log(JSON.stringify({
  signatures: { createMintSig, createAtasSig, mintSig, transferSig, v0Sig },
  innerInstructionGroups: parsedAtas.meta.innerInstructions.length,
  innerTypes,
  recipientBalance: balance.value.amount,
}));
process.exit(0);
