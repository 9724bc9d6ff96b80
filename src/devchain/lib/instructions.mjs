// Instructions in Solana's JSON forms: compiled ({programIdIndex, accounts, data}) for "json", and for
// "jsonParsed" either parsed ({program, programId, parsed: {type, info}}) for the programs a validator
// parses (System, SPL Token, Associated Token Account, Memo) or partially decoded ({programId, accounts,
// data}) for every other program, and for any instruction of those programs that does not decode. The
// field names and types follow agave's transaction-status parsers, so clients written for a validator
// (web3.js getParsedTransaction, kit's jsonParsed types, x402 facilitators reading transferChecked)
// read ours unchanged.
import { toBase58 } from './codec.mjs';
import { TOKEN_PROGRAM, TOKEN_2022_PROGRAM, uiTokenAmount } from './tokens.mjs';

export const SYSTEM_PROGRAM = '11111111111111111111111111111111';
export const ASSOCIATED_TOKEN_PROGRAM = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL';
export const MEMO_PROGRAMS = new Set(['Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo', 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr']);

// Top-level instructions sit at stack height 1; each CPI level adds one.
export const TRANSACTION_LEVEL_STACK_HEIGHT = 1;

/** Thrown inside a parser when the instruction does not decode; the caller falls back to partially decoded. */
class NotParsable extends Error {}

/** A little-endian reader over instruction data that throws NotParsable when the data runs out. */
class Reader {
  constructor(bytes) {
    this.data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = 0;
  }

  take(length) {
    if (this.offset + length > this.data.length) throw new NotParsable();
    const slice = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  u8() { return this.take(1)[0]; }
  u32() { return this.take(4).readUInt32LE(0); }
  u64() { return this.take(8).readBigUInt64LE(0); }
  pubkey() { return toBase58(this.take(32)); }
  rest() { return this.take(this.data.length - this.offset); }

  /** bincode's String: a u64 length, then UTF-8 bytes. */
  bincodeString() {
    const length = this.u64();
    if (length > BigInt(this.data.length)) throw new NotParsable();
    return new TextDecoder('utf-8', { fatal: true }).decode(this.take(Number(length)));
  }

  /** The token program's COption<Pubkey> in instruction data: a one-byte tag, then the key when set. */
  optionalPubkey() {
    const tag = this.u8();
    if (tag === 0) return null;
    if (tag !== 1) throw new NotParsable();
    return this.pubkey();
  }
}

/** The account at position `n` of the instruction, or NotParsable when the instruction has fewer. */
function accountsOf(accountIndexes, keys, required) {
  if (accountIndexes.length < required) throw new NotParsable();
  return (n) => keys[accountIndexes[n]];
}

function parseSystem(data, accountIndexes, keys) {
  const r = new Reader(data);
  const tag = r.u32();
  const need = (count) => accountsOf(accountIndexes, keys, count);
  switch (tag) {
    case 0: {
      const [lamports, space, owner] = [r.u64(), r.u64(), r.pubkey()];
      const a = need(2);
      return ['createAccount', { source: a(0), newAccount: a(1), lamports, space, owner }];
    }
    case 1: {
      const owner = r.pubkey();
      return ['assign', { account: need(1)(0), owner }];
    }
    case 2: {
      const lamports = r.u64();
      const a = need(2);
      return ['transfer', { source: a(0), destination: a(1), lamports }];
    }
    case 3: {
      const [base, seed, lamports, space, owner] = [r.pubkey(), r.bincodeString(), r.u64(), r.u64(), r.pubkey()];
      const a = need(2);
      return ['createAccountWithSeed', { source: a(0), newAccount: a(1), base, seed, lamports, space, owner }];
    }
    case 4: {
      const a = need(3);
      return ['advanceNonce', { nonceAccount: a(0), recentBlockhashesSysvar: a(1), nonceAuthority: a(2) }];
    }
    case 5: {
      const lamports = r.u64();
      const a = need(5);
      return ['withdrawFromNonce', {
        nonceAccount: a(0), destination: a(1), recentBlockhashesSysvar: a(2), rentSysvar: a(3), nonceAuthority: a(4), lamports,
      }];
    }
    case 6: {
      const authority = r.pubkey();
      const a = need(3);
      return ['initializeNonce', { nonceAccount: a(0), recentBlockhashesSysvar: a(1), rentSysvar: a(2), nonceAuthority: authority }];
    }
    case 7: {
      const authority = r.pubkey();
      const a = need(2);
      return ['authorizeNonce', { nonceAccount: a(0), nonceAuthority: a(1), newAuthorized: authority }];
    }
    case 8: {
      const space = r.u64();
      return ['allocate', { account: need(1)(0), space }];
    }
    case 9: {
      const [base, seed, space, owner] = [r.pubkey(), r.bincodeString(), r.u64(), r.pubkey()];
      return ['allocateWithSeed', { account: need(2)(0), base, seed, space, owner }];
    }
    case 10: {
      const [base, seed, owner] = [r.pubkey(), r.bincodeString(), r.pubkey()];
      return ['assignWithSeed', { account: need(2)(0), base, seed, owner }];
    }
    case 11: {
      const [lamports, sourceSeed, sourceOwner] = [r.u64(), r.bincodeString(), r.pubkey()];
      const a = need(3);
      return ['transferWithSeed', { source: a(0), sourceBase: a(1), destination: a(2), lamports, sourceSeed, sourceOwner }];
    }
    case 12:
      return ['upgradeNonce', { nonceAccount: need(1)(0) }];
    default:
      throw new NotParsable();
  }
}

// SPL Token's AuthorityType, in its on-chain order, as agave names them.
const AUTHORITY_TYPES = ['mintTokens', 'freezeAccount', 'accountOwner', 'closeAccount', 'transferFeeConfig', 'withheldWithdraw',
  'closeMint', 'interestRate', 'permanentDelegate', 'confidentialTransferMint', 'transferHookProgramId',
  'confidentialTransferFeeConfig', 'metadataPointer', 'groupPointer', 'groupMemberPointer', 'scaledUiAmount', 'pause',
  'permissionedBurn'];
// Token-2022's ExtensionType values (u16), in order, as agave names them.
const EXTENSION_TYPES = ['uninitialized', 'transferFeeConfig', 'transferFeeAmount', 'mintCloseAuthority', 'confidentialTransferMint',
  'confidentialTransferAccount', 'defaultAccountState', 'immutableOwner', 'memoTransfer', 'nonTransferable', 'interestBearingConfig',
  'cpiGuard', 'permanentDelegate', 'nonTransferableAccount', 'transferHook', 'transferHookAccount', 'confidentialTransferFeeConfig',
  'confidentialTransferFeeAmount', 'metadataPointer', 'tokenMetadata', 'groupPointer', 'tokenGroup', 'groupMemberPointer',
  'tokenGroupMember', 'confidentialMintBurn', 'scaledUiAmount', 'pausable', 'pausableAccount'];
const ACCOUNT_AUTHORITY_TYPES = new Set(['accountOwner', 'closeAccount']);

/**
 * The signer part of a token instruction: one authority at `index`, or, when more accounts follow, a
 * multisig account at `index` and its signers after it.
 */
function withSigners(info, accountIndexes, keys, index, single, multisig) {
  const owner = keys[accountIndexes[index]];
  if (accountIndexes.length > index + 1) {
    if (owner) info[multisig] = owner;
    info.signers = accountIndexes.slice(index + 1).map((i) => keys[i]).filter(Boolean);
  } else if (owner) {
    info[single] = owner;
  }
  return info;
}

function parseToken(data, accountIndexes, keys) {
  const r = new Reader(data);
  const tag = r.u8();
  const need = (count) => accountsOf(accountIndexes, keys, count);
  const signers = (info, index, single, multisig) => withSigners(info, accountIndexes, keys, index, single, multisig);
  const checkedAmount = () => {
    const amount = r.u64();
    return uiTokenAmount(amount, r.u8());
  };
  switch (tag) {
    case 0:
    case 20: {
      const [decimals, mintAuthority, freezeAuthority] = [r.u8(), r.pubkey(), r.optionalPubkey()];
      const a = need(tag === 0 ? 2 : 1);
      const info = { mint: a(0), decimals, mintAuthority };
      if (tag === 0) info.rentSysvar = a(1);
      if (freezeAuthority) info.freezeAuthority = freezeAuthority;
      return [tag === 0 ? 'initializeMint' : 'initializeMint2', info];
    }
    case 1: {
      const a = need(4);
      return ['initializeAccount', { account: a(0), mint: a(1), owner: a(2), rentSysvar: a(3) }];
    }
    case 16: {
      const owner = r.pubkey();
      const a = need(3);
      return ['initializeAccount2', { account: a(0), mint: a(1), owner, rentSysvar: a(2) }];
    }
    case 18: {
      const owner = r.pubkey();
      const a = need(2);
      return ['initializeAccount3', { account: a(0), mint: a(1), owner }];
    }
    case 2:
    case 19: {
      const m = r.u8();
      const a = need(tag === 2 ? 3 : 2);
      const firstSigner = tag === 2 ? 2 : 1;
      const info = { multisig: a(0) };
      if (tag === 2) info.rentSysvar = a(1);
      info.signers = accountIndexes.slice(firstSigner).map((i) => keys[i]).filter(Boolean);
      info.m = m;
      return [tag === 2 ? 'initializeMultisig' : 'initializeMultisig2', info];
    }
    case 3: {
      const amount = r.u64();
      const a = need(3);
      return ['transfer', signers({ source: a(0), destination: a(1), amount: amount.toString() }, 2, 'authority', 'multisigAuthority')];
    }
    case 4: {
      const amount = r.u64();
      const a = need(3);
      return ['approve', signers({ source: a(0), delegate: a(1), amount: amount.toString() }, 2, 'owner', 'multisigOwner')];
    }
    case 5:
      return ['revoke', signers({ source: need(2)(0) }, 1, 'owner', 'multisigOwner')];
    case 6: {
      const authorityType = AUTHORITY_TYPES[r.u8()];
      if (!authorityType) throw new NotParsable();
      const newAuthority = r.optionalPubkey();
      const a = need(2);
      const owned = ACCOUNT_AUTHORITY_TYPES.has(authorityType) ? 'account' : 'mint';
      return ['setAuthority', signers({ [owned]: a(0), authorityType, newAuthority }, 1, 'authority', 'multisigAuthority')];
    }
    case 7: {
      const amount = r.u64();
      const a = need(3);
      return ['mintTo', signers({ mint: a(0), account: a(1), amount: amount.toString() }, 2, 'mintAuthority', 'multisigMintAuthority')];
    }
    case 8: {
      const amount = r.u64();
      const a = need(3);
      return ['burn', signers({ account: a(0), mint: a(1), amount: amount.toString() }, 2, 'authority', 'multisigAuthority')];
    }
    case 9: {
      const a = need(3);
      return ['closeAccount', signers({ account: a(0), destination: a(1) }, 2, 'owner', 'multisigOwner')];
    }
    case 10:
    case 11: {
      const a = need(3);
      return [tag === 10 ? 'freezeAccount' : 'thawAccount',
        signers({ account: a(0), mint: a(1) }, 2, 'freezeAuthority', 'multisigFreezeAuthority')];
    }
    case 12: {
      const tokenAmount = checkedAmount();
      const a = need(4);
      return ['transferChecked', signers({ source: a(0), mint: a(1), destination: a(2), tokenAmount }, 3, 'authority', 'multisigAuthority')];
    }
    case 13: {
      const tokenAmount = checkedAmount();
      const a = need(4);
      return ['approveChecked', signers({ source: a(0), mint: a(1), delegate: a(2), tokenAmount }, 3, 'owner', 'multisigOwner')];
    }
    case 14: {
      const tokenAmount = checkedAmount();
      const a = need(3);
      return ['mintToChecked', signers({ mint: a(0), account: a(1), tokenAmount }, 2, 'mintAuthority', 'multisigMintAuthority')];
    }
    case 15: {
      const tokenAmount = checkedAmount();
      const a = need(3);
      return ['burnChecked', signers({ account: a(0), mint: a(1), tokenAmount }, 2, 'authority', 'multisigAuthority')];
    }
    case 17:
      return ['syncNative', { account: need(1)(0) }];
    case 21: {
      // The ATA program asks for room for the extensions it will add (Token-2022's u16 ExtensionType list).
      const extensionTypes = [];
      while (r.offset < data.length) {
        const name = EXTENSION_TYPES[r.take(2).readUInt16LE(0)];
        if (!name) throw new NotParsable();
        extensionTypes.push(name);
      }
      const info = { mint: need(1)(0) };
      if (extensionTypes.length > 0) info.extensionTypes = extensionTypes;
      return ['getAccountDataSize', info];
    }
    case 22:
      return ['initializeImmutableOwner', { account: need(1)(0) }];
    case 23: {
      const amount = r.u64();
      return ['amountToUiAmount', { mint: need(1)(0), amount: amount.toString() }];
    }
    case 24: {
      let uiAmount;
      try {
        uiAmount = new TextDecoder('utf-8', { fatal: true }).decode(r.rest());
      } catch {
        throw new NotParsable();
      }
      return ['uiAmountToAmount', { mint: need(1)(0), uiAmount }];
    }
    default:
      // Token-2022's extension instructions: shown partially decoded.
      throw new NotParsable();
  }
}

function parseAssociatedToken(data, accountIndexes, keys) {
  const tag = data.length === 0 ? 0 : data[0];
  if (data.length > 1) throw new NotParsable();
  if (tag === 0 || tag === 1) {
    const a = accountsOf(accountIndexes, keys, 6);
    return [tag === 0 ? 'create' : 'createIdempotent',
      { source: a(0), account: a(1), wallet: a(2), mint: a(3), systemProgram: a(4), tokenProgram: a(5) }];
  }
  if (tag === 2) {
    const a = accountsOf(accountIndexes, keys, 7);
    return ['recoverNested', {
      nestedSource: a(0), nestedMint: a(1), destination: a(2), nestedOwner: a(3), ownerMint: a(4), wallet: a(5), tokenProgram: a(6),
    }];
  }
  throw new NotParsable();
}

const PARSERS = new Map([
  [SYSTEM_PROGRAM, ['system', parseSystem]],
  [TOKEN_PROGRAM, ['spl-token', parseToken]],
  [TOKEN_2022_PROGRAM, ['spl-token', parseToken]],
  [ASSOCIATED_TOKEN_PROGRAM, ['spl-associated-token-account', parseAssociatedToken]],
]);

/**
 * The "json" form of a compiled instruction.
 * @param {{programIdIndex: number, accounts: ArrayLike<number>, data: Uint8Array}} ix
 */
export function compiledInstructionJson(ix, stackHeight) {
  return { programIdIndex: ix.programIdIndex, accounts: [...ix.accounts], data: toBase58(ix.data), stackHeight };
}

/**
 * The "jsonParsed" form of a compiled instruction, given every account key of the transaction (static,
 * then loaded writable, then loaded readonly).
 */
export function parsedInstructionJson(ix, keys, stackHeight) {
  const programId = keys[ix.programIdIndex];
  const accountIndexes = [...ix.accounts];
  const inRange = accountIndexes.every((i) => i < keys.length);
  if (MEMO_PROGRAMS.has(programId)) {
    try {
      const memo = new TextDecoder('utf-8', { fatal: true }).decode(ix.data);
      return { program: 'spl-memo', programId, parsed: memo, stackHeight };
    } catch {
      // not UTF-8: partially decoded, as a validator shows it
    }
  }
  const parser = PARSERS.get(programId);
  if (parser && inRange && accountIndexes.length > 0) {
    try {
      const [type, info] = parser[1](ix.data, accountIndexes, keys);
      return { program: parser[0], programId, parsed: { type, info }, stackHeight };
    } catch (e) {
      if (!(e instanceof NotParsable)) throw e;
    }
  }
  return { programId, accounts: accountIndexes.map((i) => keys[i]), data: toBase58(ix.data), stackHeight };
}
