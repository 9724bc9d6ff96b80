// Opens an escrow with @solana/kit from the program's Codama IDL alone (src/onchain/zksummarize_escrow.codama.json):
// the instruction's account order, signer and writable flags, default accounts and PDA seeds come from the
// IDL, and its data is encoded by @codama/dynamic-codecs from the IDL's argument types. Then the escrow
// account is read back and decoded with the IDL's account layout.
// Run: node open-escrow.mjs <rpc url> <ws url> <program id> <client keypair.json> <mint> <operator> <amount> <deadline unix s>
//        <docRoot hex> <requestId hex> <sentences> <verifying key hash hex>
// Prints one JSON line: the signature, the escrow and vault addresses, and the decoded escrow.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getNodeCodec } from '@codama/dynamic-codecs';
import {
  AccountRole, address, appendTransactionMessageInstructions, createKeyPairSignerFromBytes, createSolanaRpc,
  createSolanaRpcSubscriptions, createTransactionMessage, getAddressEncoder, getBase64Encoder, getProgramDerivedAddress,
  getSignatureFromTransaction, pipe, sendAndConfirmTransactionFactory, setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash, signTransactionMessageWithSigners,
} from '@solana/kit';
import { findAssociatedTokenPda, getCreateAssociatedTokenIdempotentInstruction, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';

const args = process.argv.slice(2);
if (args.length !== 12) {
  console.error('usage: node open-escrow.mjs <rpc> <ws> <program id> <client keypair.json> <mint> <operator> <amount> <deadline> <docRoot hex> <requestId hex> <sentences> <verifying key hash hex>');
  process.exit(2);
}
const [rpcUrl, wsUrl, programId, keyFile, mint, operator, amount, deadline, docRootHex, requestIdHex, sentences, keyHashHex] = args;
const root = JSON.parse(readFileSync(fileURLToPath(new URL('../../../src/onchain/zksummarize_escrow.codama.json', import.meta.url)), 'utf8'));
const { program } = root;
const programAddress = address(programId); // the IDL's public key is a placeholder: the deployment's id wins
const rpc = createSolanaRpc(rpcUrl);
const client = await createKeyPairSignerFromBytes(new Uint8Array(JSON.parse(readFileSync(keyFile, 'utf8'))));

/** A seed's bytes by its IDL type: a public key, or fixed-size bytes given as hex. */
function seedBytes(seed, value) {
  if (seed.kind === 'constantPdaSeedNode') return new TextEncoder().encode(seed.value.string);
  if (seed.type.kind === 'publicKeyTypeNode') return getAddressEncoder().encode(address(value));
  if (seed.type.kind === 'fixedSizeTypeNode' && seed.type.type.kind === 'bytesTypeNode') {
    const bytes = Buffer.from(value, 'hex');
    if (bytes.length !== seed.type.size) throw new Error(`seed ${seed.name} takes ${seed.type.size} bytes, got ${bytes.length}`);
    return bytes;
  }
  throw new Error(`seed ${seed.name}: type ${seed.type.kind} is not handled by this example`);
}

/** The IDL's PDA `name` for the given variable seed values (by seed name). */
async function findPda(name, values = {}) {
  const pda = program.pdas.find((p) => p.name === name) ?? (() => { throw new Error(`the IDL has no PDA ${name}`); })();
  const seeds = pda.seeds.map((seed) => seedBytes(seed, values[seed.name]));
  return getProgramDerivedAddress({ programAddress, seeds });
}

/** The instruction `name` built from the IDL: accounts in its order (given, or from their default values), data encoded from its arguments. */
async function buildInstruction(name, given, argumentValues) {
  const instruction = program.instructions.find((ix) => ix.name === name);
  const accounts = [];
  for (const account of instruction.accounts) {
    let value = given[account.name];
    if (value === undefined && account.defaultValue?.kind === 'publicKeyValueNode') value = account.defaultValue.publicKey;
    if (value === undefined && account.defaultValue?.kind === 'pdaValueNode') {
      const seedValues = Object.fromEntries((account.defaultValue.seeds ?? []).map((s) => [s.name, argumentValues[s.value.name][1]]));
      [value] = await findPda(account.defaultValue.pda.name, seedValues);
    }
    if (value === undefined) throw new Error(`${name}: no value for the account ${account.name}`);
    const role = account.isSigner
      ? (account.isWritable ? AccountRole.WRITABLE_SIGNER : AccountRole.READONLY_SIGNER)
      : (account.isWritable ? AccountRole.WRITABLE : AccountRole.READONLY);
    accounts.push(typeof value === 'string' ? { address: address(value), role } : { address: value.address, role, signer: value });
  }
  // Arguments the IDL gives a value (the discriminator): the dynamic codec encodes what it is given, so fill them in.
  const values = { ...argumentValues };
  for (const argument of instruction.arguments) {
    if (values[argument.name] === undefined && argument.defaultValue?.kind === 'numberValueNode') values[argument.name] = argument.defaultValue.number;
  }
  const data = getNodeCodec([root, program, instruction], { bytesEncoding: 'base16' }).encode(values);
  return { programAddress, accounts, data: new Uint8Array(data) };
}

// --- open the escrow ----------------------------------------------------------------------------------
const [escrow] = await findPda('escrow', { requestId: requestIdHex });
const [vault, vaultBump] = await findAssociatedTokenPda({ owner: escrow, mint: address(mint), tokenProgram: TOKEN_PROGRAM_ADDRESS });
const [clientTokenAccount] = await findAssociatedTokenPda({ owner: client.address, mint: address(mint), tokenProgram: TOKEN_PROGRAM_ADDRESS });
const createVault = getCreateAssociatedTokenIdempotentInstruction({ payer: client, ata: vault, owner: escrow, mint: address(mint) });
const openEscrow = await buildInstruction('openEscrow', { client, vault, clientTokenAccount, mint }, {
  requestId: ['base16', requestIdHex],
  docRoot: ['base16', docRootHex],
  amount: BigInt(amount),
  deadline: BigInt(deadline),
  operator,
  sentences: Number(sentences),
  vaultBump,
  verifyingKeyHash: ['base16', keyHashHex],
});

const { value: latestBlockhash } = await rpc.getLatestBlockhash().send();
const transaction = await signTransactionMessageWithSigners(pipe(
  createTransactionMessage({ version: 0 }),
  (m) => setTransactionMessageFeePayerSigner(client, m),
  (m) => setTransactionMessageLifetimeUsingBlockhash(latestBlockhash, m),
  (m) => appendTransactionMessageInstructions([createVault, openEscrow], m),
));
await sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions: createSolanaRpcSubscriptions(wsUrl) })(transaction, { commitment: 'confirmed' });

// --- read it back with the IDL's account layout -------------------------------------------------------
const { value: account } = await rpc.getAccountInfo(escrow, { encoding: 'base64' }).send();
const escrowNode = program.accounts.find((a) => a.name === 'escrow');
const decoded = getNodeCodec([root, program, escrowNode], { bytesEncoding: 'base16' }).decode(getBase64Encoder().encode(account.data[0]));
console.log(JSON.stringify({ signature: getSignatureFromTransaction(transaction), escrow, vault, decoded }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
process.exit(0);
