// SPL Token account layouts: enough to answer jsonParsed, getTokenAccountBalance and token balances in meta.
import { toBase58, readU64 } from './codec.mjs';

export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
const MINT_SIZE = 82;
const ACCOUNT_SIZE = 165;
const ACCOUNT_STATES = ['uninitialized', 'initialized', 'frozen'];

export const isTokenProgram = (owner) => owner === TOKEN_PROGRAM || owner === TOKEN_2022_PROGRAM;

const optionalKey = (data, tagOffset) =>
  data.readUInt32LE(tagOffset) === 1 ? toBase58(data.subarray(tagOffset + 4, tagOffset + 36)) : null;

export function decodeMint(bytes) {
  const data = Buffer.from(bytes);
  if (data.length < MINT_SIZE || data[45] !== 1) return null;
  return {
    mintAuthority: optionalKey(data, 0),
    supply: readU64(data, 36),
    decimals: data[44],
    isInitialized: true,
    freezeAuthority: optionalKey(data, 46),
  };
}

export function decodeTokenAccount(bytes) {
  const data = Buffer.from(bytes);
  // Token-2022 accounts may be longer (extensions), but a 82-byte-plus mint is never exactly 165 bytes long.
  if (data.length < ACCOUNT_SIZE || data[108] === 0) return null;
  return {
    mint: toBase58(data.subarray(0, 32)),
    owner: toBase58(data.subarray(32, 64)),
    amount: readU64(data, 64),
    delegate: optionalKey(data, 72),
    state: ACCOUNT_STATES[data[108]] ?? 'unknown',
    isNative: data.readUInt32LE(109) === 1,
    delegatedAmount: readU64(data, 121),
    closeAuthority: optionalKey(data, 129),
  };
}

/** Solana's UiTokenAmount. */
export function uiTokenAmount(amount, decimals) {
  const text = amount.toString().padStart(decimals + 1, '0');
  const uiAmountString = decimals === 0
    ? text
    : `${text.slice(0, -decimals)}.${text.slice(-decimals)}`.replace(/\.?0+$/, '');
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString };
}

/** The jsonParsed form of a token-program account, or null when the data is neither a mint nor a token account. */
export function parseTokenProgramAccount(bytes, owner, lookupDecimals) {
  if (bytes.length === MINT_SIZE || (bytes.length > ACCOUNT_SIZE && bytes[ACCOUNT_SIZE] === 1)) {
    const mint = decodeMint(bytes);
    if (!mint) return null;
    return {
      program: owner === TOKEN_PROGRAM ? 'spl-token' : 'spl-token-2022',
      parsed: {
        type: 'mint',
        info: { ...mint, supply: mint.supply.toString() },
      },
      space: bytes.length,
    };
  }
  const account = decodeTokenAccount(bytes);
  if (!account) return null;
  const decimals = lookupDecimals(account.mint) ?? 0;
  const info = {
    isNative: account.isNative,
    mint: account.mint,
    owner: account.owner,
    state: account.state,
    tokenAmount: uiTokenAmount(account.amount, decimals),
  };
  if (account.delegate) {
    info.delegate = account.delegate;
    info.delegatedAmount = uiTokenAmount(account.delegatedAmount, decimals);
  }
  if (account.closeAuthority) info.closeAuthority = account.closeAuthority;
  return {
    program: owner === TOKEN_PROGRAM ? 'spl-token' : 'spl-token-2022',
    parsed: { type: 'account', info },
    space: bytes.length,
  };
}
