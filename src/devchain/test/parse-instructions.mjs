// The jsonParsed form of instructions the SPL flows do not send: each instruction is built by the
// program's own client (@solana-program/token, @solana-program/system, unmodified) and must come back
// with agave's type and field names (transaction-status's parse_token.rs / parse_system.rs), or partially
// decoded when a validator would not parse it. No chain: this checks src/devchain/lib/instructions.mjs.
// Exits non-zero on the first difference; prints one JSON line with the number of cases.
import assert from 'node:assert/strict';
import { AccountRole, generateKeyPairSigner, getBase58Decoder } from '@solana/kit';
import {
  getAdvanceNonceAccountInstruction, getAllocateInstruction, getAssignInstruction, getCreateAccountWithSeedInstruction,
  getTransferSolWithSeedInstruction,
} from '@solana-program/system';
import {
  AuthorityType, getApproveInstruction, getBurnCheckedInstruction, getCloseAccountInstruction, getInitializeMintInstruction,
  getRevokeInstruction, getSetAuthorityInstruction, getSyncNativeInstruction, getTransferInstruction,
} from '@solana-program/token';
import { parsedInstructionJson } from '../lib/instructions.mjs';

/** Compiles one instruction as a message would (the program first here) and parses it at stack height 2. */
function parse(ix) {
  const keys = [ix.programAddress];
  const index = (address) => (keys.includes(address) ? keys.indexOf(address) : keys.push(address) - 1);
  const accounts = (ix.accounts ?? []).map((meta) => index(meta.address));
  return parsedInstructionJson({ programIdIndex: 0, accounts, data: new Uint8Array(ix.data ?? []) }, keys, 2);
}

const [a, b, c, d, e] = await Promise.all(Array.from({ length: 5 }, () => generateKeyPairSigner()));
const [source, destination, mint] = [a.address, b.address, c.address];
const TOKEN = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
const SYSTEM = '11111111111111111111111111111111';
const token = (type, info) => ({ program: 'spl-token', programId: TOKEN, parsed: { type, info }, stackHeight: 2 });
const system = (type, info) => ({ program: 'system', programId: SYSTEM, parsed: { type, info }, stackHeight: 2 });
let cases = 0;
const expect = (ix, expected) => {
  assert.deepEqual(parse(ix), expected);
  cases += 1;
};

expect(getTransferInstruction({ source, destination, authority: d, amount: 5n }), token('transfer', { source, destination, amount: '5', authority: d.address }));
expect(getTransferInstruction({ source, destination, authority: e.address, amount: 7n, multiSigners: [a, b] }),
  token('transfer', { source, destination, amount: '7', multisigAuthority: e.address, signers: [a.address, b.address] }));
expect(getApproveInstruction({ source, delegate: destination, owner: d, amount: 9n }), token('approve', { source, delegate: destination, amount: '9', owner: d.address }));
expect(getRevokeInstruction({ source, owner: d }), token('revoke', { source, owner: d.address }));
expect(getSetAuthorityInstruction({ owned: mint, owner: d, authorityType: AuthorityType.MintTokens, newAuthority: null }),
  token('setAuthority', { mint, authorityType: 'mintTokens', newAuthority: null, authority: d.address }));
expect(getSetAuthorityInstruction({ owned: source, owner: d, authorityType: AuthorityType.AccountOwner, newAuthority: e.address }),
  token('setAuthority', { account: source, authorityType: 'accountOwner', newAuthority: e.address, authority: d.address }));
expect(getBurnCheckedInstruction({ account: source, mint, authority: d, amount: 1_500_000n, decimals: 6 }),
  token('burnChecked', { account: source, mint, tokenAmount: { amount: '1500000', decimals: 6, uiAmount: 1.5, uiAmountString: '1.5' }, authority: d.address }));
expect(getCloseAccountInstruction({ account: source, destination, owner: d }), token('closeAccount', { account: source, destination, owner: d.address }));
expect(getInitializeMintInstruction({ mint, decimals: 2, mintAuthority: d.address, freezeAuthority: e.address }),
  token('initializeMint', { mint, decimals: 2, mintAuthority: d.address, rentSysvar: 'SysvarRent111111111111111111111111111111111', freezeAuthority: e.address }));
expect(getSyncNativeInstruction({ account: source }), token('syncNative', { account: source }));

expect(getAllocateInstruction({ newAccount: a, space: 100n }), system('allocate', { account: a.address, space: 100n }));
expect(getAssignInstruction({ account: a, programAddress: TOKEN }), system('assign', { account: a.address, owner: TOKEN }));
expect(getCreateAccountWithSeedInstruction({ payer: a, newAccount: b.address, baseAccount: c, base: c.address, seed: 'vault', amount: 10n, space: 165n, programAddress: TOKEN }),
  system('createAccountWithSeed', { source: a.address, newAccount: b.address, base: c.address, seed: 'vault', lamports: 10n, space: 165n, owner: TOKEN }));
expect(getTransferSolWithSeedInstruction({ source: a.address, baseAccount: b, destination: c.address, amount: 3n, fromSeed: 's', fromOwner: TOKEN }),
  system('transferWithSeed', { source: a.address, sourceBase: b.address, destination: c.address, lamports: 3n, sourceSeed: 's', sourceOwner: TOKEN }));
expect(getAdvanceNonceAccountInstruction({ nonceAccount: a.address, nonceAuthority: b }),
  system('advanceNonce', { nonceAccount: a.address, recentBlockhashesSysvar: 'SysvarRecentB1ockHashes11111111111111111111', nonceAuthority: b.address }));

// What a validator shows partially decoded: an unknown program, token data that does not decode, a memo that is not UTF-8.
const partially = (ix) => ({ programId: ix.programAddress, accounts: ix.accounts.map((m) => m.address), data: getBase58Decoder().decode(ix.data), stackHeight: 2 });
const unknown = { programAddress: e.address, accounts: [{ address: a.address, role: AccountRole.WRITABLE }], data: new Uint8Array([1, 2, 3]) };
expect(unknown, partially(unknown));
const badToken = { programAddress: TOKEN, accounts: [{ address: a.address, role: AccountRole.WRITABLE }], data: new Uint8Array([99]) };
expect(badToken, partially(badToken));
const shortTransfer = { programAddress: TOKEN, accounts: [{ address: a.address, role: AccountRole.WRITABLE }], data: getTransferInstruction({ source, destination, authority: d, amount: 1n }).data };
expect(shortTransfer, partially(shortTransfer)); // too few accounts for a transfer
const badMemo = { programAddress: 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr', accounts: [], data: new Uint8Array([0xff, 0xfe]) };
expect(badMemo, partially(badMemo));

console.log(JSON.stringify({ cases }));
