// Writes the Solana wire-format vectors that our C# client must reproduce byte for byte.
// Regenerate: cd tests/js/solana && npm ci && node make-vectors.mjs > ../../ZkSummarize.Solana.Tests/vectors/solana-vectors.json
//
// Independent implementations only: instruction data and ATA/PDA derivation come from @solana/kit's program
// packages, message compilation and signing from @solana/web3.js 1.x (TransactionMessage.compileTo*Message).
// Everything is deterministic: keys come from fixed seeds, Ed25519 signatures are deterministic.
import {
  Keypair, PublicKey, TransactionInstruction, TransactionMessage, VersionedTransaction, AddressLookupTableAccount,
} from '@solana/web3.js';
import { createKeyPairSignerFromPrivateKeyBytes, address as kitAddress, getAddressEncoder, getBase58Decoder } from '@solana/kit';
import {
  getTransferCheckedInstruction, getMintToInstruction, getInitializeMint2Instruction, getInitializeAccount3Instruction,
  getCloseAccountInstruction, getCreateAssociatedTokenIdempotentInstructionAsync, findAssociatedTokenPda,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token';
import { getTransferSolInstruction, getCreateAccountInstruction } from '@solana-program/system';
import { getSetComputeUnitLimitInstruction, getSetComputeUnitPriceInstruction } from '@solana-program/compute-budget';
import { getAddMemoInstruction } from '@solana-program/memo';
import {
  getInitializeBufferInstruction, getWriteInstruction, getDeployWithMaxDataLenInstruction, getUpgradeInstruction,
  getSetAuthorityInstruction, getSetAuthorityCheckedInstruction, LOADER_V3_PROGRAM_ADDRESS,
} from '@solana-program/loader-v3';

const TOKEN_2022 = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
// The memo program deployed on clusters and in LiteSVM (v3); @solana-program/memo now defaults to a newer v4.
const MEMO_V3 = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr';
const BLOCKHASH = 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG';

// Seeds: byte i of seed n is (n * 37 + i) mod 256. The C# tests derive the same.
const seed = (n) => Uint8Array.from({ length: 32 }, (_, i) => (n * 37 + i) % 256);
const names = ['payer', 'alice', 'bob', 'mint', 'facilitator', 'table'];
const web3Keys = Object.fromEntries(names.map((name, n) => [name, Keypair.fromSeed(seed(n + 1))]));
const kitSigners = Object.fromEntries(await Promise.all(names.map(async (name, n) => [name, await createKeyPairSignerFromPrivateKeyBytes(seed(n + 1))])));
const addr = (name) => kitSigners[name].address;

// kit instruction -> web3.js instruction (AccountRole: 0 readonly, 1 writable, 2 readonly signer, 3 writable signer).
const toWeb3 = (ix) => new TransactionInstruction({
  programId: new PublicKey(ix.programAddress),
  keys: (ix.accounts ?? []).map((a) => ({ pubkey: new PublicKey(a.address), isSigner: a.role >= 2, isWritable: (a.role & 1) === 1 })),
  data: Buffer.from(ix.data),
});

const [aliceAta] = await findAssociatedTokenPda({ owner: addr('alice'), mint: addr('mint'), tokenProgram: TOKEN_PROGRAM_ADDRESS });
const [bobAta] = await findAssociatedTokenPda({ owner: addr('bob'), mint: addr('mint'), tokenProgram: TOKEN_PROGRAM_ADDRESS });

const cases = {
  // A SOL transfer with a memo: one signer.
  legacy_transfer_memo: {
    version: 'legacy', feePayer: 'payer', signers: ['payer'],
    instructions: [
      getTransferSolInstruction({ source: kitSigners.payer, destination: addr('bob'), amount: 1_500_000n }),
      getAddMemoInstruction({ memo: 'zk summary #1' }, { programAddress: MEMO_V3 }),
    ],
  },
  // Create and initialise a mint, create an ATA, mint to it: two signers (payer and the new mint).
  legacy_create_mint: {
    version: 'legacy', feePayer: 'payer', signers: ['payer', 'mint'],
    instructions: [
      getCreateAccountInstruction({ payer: kitSigners.payer, newAccount: kitSigners.mint, lamports: 1_461_600n, space: 82n, programAddress: TOKEN_PROGRAM_ADDRESS }),
      getInitializeMint2Instruction({ mint: addr('mint'), decimals: 6, mintAuthority: addr('payer'), freezeAuthority: null }),
      await getCreateAssociatedTokenIdempotentInstructionAsync({ payer: kitSigners.payer, owner: addr('alice'), mint: addr('mint') }),
      getMintToInstruction({ mint: addr('mint'), token: aliceAta, mintAuthority: kitSigners.payer, amount: 5_000_000n }),
    ],
  },
  // The x402 `exact` shape: v0, compute budget, TransferChecked, memo; alice signs, the facilitator pays the fee later.
  v0_x402_partial: {
    version: 0, feePayer: 'facilitator', signers: ['alice'],
    instructions: [
      getSetComputeUnitLimitInstruction({ units: 20_000 }),
      getSetComputeUnitPriceInstruction({ microLamports: 1n }),
      getTransferCheckedInstruction({ source: aliceAta, mint: addr('mint'), destination: bobAta, authority: kitSigners.alice, amount: 10_000n, decimals: 6 }),
      getAddMemoInstruction({ memo: 'f1e2d3c4b5a6' }, { programAddress: MEMO_V3 }),
    ],
  },
  // Several signers, a token account set-up and close, fully signed, v0.
  v0_multi_signer: {
    version: 0, feePayer: 'payer', signers: ['payer', 'alice', 'bob'],
    instructions: [
      getInitializeAccount3Instruction({ account: addr('table'), mint: addr('mint'), owner: addr('bob') }),
      getTransferCheckedInstruction({ source: aliceAta, mint: addr('mint'), destination: bobAta, authority: kitSigners.alice, amount: 42n, decimals: 6 }),
      getCloseAccountInstruction({ account: bobAta, destination: addr('payer'), owner: kitSigners.bob }),
      getTransferSolInstruction({ source: kitSigners.alice, destination: addr('payer'), amount: 7n }),
    ],
  },
};

// Loader v3 (deploying a program): 'table' is the buffer, 'bob' the program, 'alice' the (upgrade) authority.
const [programData] = PublicKey.findProgramAddressSync([new PublicKey(addr('bob')).toBuffer()], new PublicKey(LOADER_V3_PROGRAM_ADDRESS));
const programBytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 1) % 256);
Object.assign(cases, {
  // Create a buffer for a 300-byte program, initialise it and write its first 300 bytes at offset 0.
  legacy_loader_buffer: {
    version: 'legacy', feePayer: 'payer', signers: ['payer', 'table', 'alice'],
    instructions: [
      getCreateAccountInstruction({ payer: kitSigners.payer, newAccount: kitSigners.table, lamports: 3_118_080n, space: 337n, programAddress: LOADER_V3_PROGRAM_ADDRESS }),
      getInitializeBufferInstruction({ sourceAccount: addr('table'), bufferAuthority: addr('alice') }),
      getWriteInstruction({ bufferAccount: addr('table'), bufferAuthority: kitSigners.alice, offset: 0, bytes: programBytes }),
      getWriteInstruction({ bufferAccount: addr('table'), bufferAuthority: kitSigners.alice, offset: 70_000, bytes: programBytes.subarray(0, 5) }),
    ],
  },
  // Create the program account and deploy the buffer into it with room for 600 bytes.
  legacy_loader_deploy: {
    version: 'legacy', feePayer: 'payer', signers: ['payer', 'bob', 'alice'],
    instructions: [
      getCreateAccountInstruction({ payer: kitSigners.payer, newAccount: kitSigners.bob, lamports: 1_141_440n, space: 36n, programAddress: LOADER_V3_PROGRAM_ADDRESS }),
      getDeployWithMaxDataLenInstruction({
        payerAccount: kitSigners.payer, programDataAccount: programData.toBase58(), programAccount: addr('bob'), bufferAccount: addr('table'),
        authority: kitSigners.alice, maxDataLen: 600n,
      }),
    ],
  },
  // Upgrade from the buffer, then hand the upgrade authority to 'mint', plainly and checked.
  legacy_loader_upgrade: {
    version: 'legacy', feePayer: 'payer', signers: ['payer', 'alice', 'mint'],
    instructions: [
      getUpgradeInstruction({ programDataAccount: programData.toBase58(), programAccount: addr('bob'), bufferAccount: addr('table'), spillAccount: addr('payer'), authority: kitSigners.alice }),
      getSetAuthorityInstruction({ bufferOrProgramDataAccount: programData.toBase58(), currentAuthority: kitSigners.alice, newAuthority: addr('mint') }),
      getSetAuthorityCheckedInstruction({ bufferOrProgramDataAccount: programData.toBase58(), currentAuthority: kitSigners.alice, newAuthority: kitSigners.mint }),
    ],
  },
});

const lookupTable = new AddressLookupTableAccount({
  key: web3Keys.table.publicKey,
  state: { deactivationSlot: 2n ** 64n - 1n, lastExtendedSlot: 0, lastExtendedSlotStartIndex: 0, authority: undefined,
    addresses: [new PublicKey(bobAta), new PublicKey(addr('mint')), new PublicKey(aliceAta)] },
});
// The same transfer as v0_x402_partial, but with the token accounts and mint loaded from a lookup table.
cases.v0_lookup_table = { ...cases.v0_x402_partial, signers: ['alice', 'facilitator'], lookupTables: [lookupTable] };

const transactions = {};
for (const [name, c] of Object.entries(cases)) {
  const message = new TransactionMessage({
    payerKey: web3Keys[c.feePayer].publicKey,
    recentBlockhash: BLOCKHASH,
    instructions: c.instructions.map(toWeb3),
  });
  const compiled = c.version === 'legacy' ? message.compileToLegacyMessage() : message.compileToV0Message(c.lookupTables ?? []);
  const tx = new VersionedTransaction(compiled);
  tx.sign(c.signers.map((s) => web3Keys[s]));
  transactions[name] = {
    feePayer: c.feePayer,
    signers: c.signers,
    message: Buffer.from(tx.message.serialize()).toString('base64'),
    wire: Buffer.from(tx.serialize()).toString('base64'),
  };
}

const pdaCases = [
  { seeds: ['escrow', 'hex:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'], program: addr('table') },
  { seeds: ['config'], program: addr('table') },
  { seeds: [], program: '11111111111111111111111111111111' },
  { seeds: ['vault', `key:${addr('alice')}`], program: TOKEN_PROGRAM_ADDRESS },
  { seeds: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o'], program: addr('payer') },
];
const seedBytes = (s) => (s.startsWith('hex:') ? Buffer.from(s.slice(4), 'hex')
  : s.startsWith('key:') ? new PublicKey(s.slice(4)).toBuffer() : Buffer.from(s, 'utf8'));
// Add seeds whose canonical bump is below 255, so the off-curve search is exercised.
for (let i = 0, found = 0; found < 4 && i < 256; i++) {
  const c = { seeds: ['attest', `hex:${i.toString(16).padStart(2, '0')}`], program: addr('table') };
  if (PublicKey.findProgramAddressSync(c.seeds.map(seedBytes), new PublicKey(c.program))[1] < 255) { pdaCases.push(c); found++; }
}
const pdas = pdaCases.map((c) => {
  const [pda, bump] = PublicKey.findProgramAddressSync(c.seeds.map(seedBytes), new PublicKey(c.program));
  return { ...c, address: pda.toBase58(), bump };
});

const atas = [];
for (const owner of ['alice', 'bob', 'payer']) {
  for (const tokenProgram of [TOKEN_PROGRAM_ADDRESS, TOKEN_2022]) {
    const [ata] = await findAssociatedTokenPda({ owner: addr(owner), mint: addr('mint'), tokenProgram: kitAddress(tokenProgram) });
    atas.push({ owner: addr(owner), mint: addr('mint'), tokenProgram, address: ata });
  }
}

const base58Text = getBase58Decoder(); // bytes -> text, kit's own implementation
const base58 = ['', '00', '0000', '000001', '61', '626262', 'ffffffff', '00ff00ff', '0000ff0000', Buffer.from(getAddressEncoder().encode(addr('bob'))).toString('hex')]
  .map((hex) => ({ hex, text: base58Text.decode(Buffer.from(hex, 'hex')) }));

console.log(JSON.stringify({
  generator: 'tests/js/solana/make-vectors.mjs (@solana/web3.js 1.98.4, @solana/kit 8.4.0, @solana-program/loader-v3 0.3.0)',
  blockhash: BLOCKHASH,
  keypairs: Object.fromEntries(names.map((name, n) => [name, { seed: Buffer.from(seed(n + 1)).toString('hex'), publicKey: addr(name) }])),
  transactions,
  pdas,
  atas,
  base58,
  loader: { programData: programData.toBase58() },
}, null, 2));
