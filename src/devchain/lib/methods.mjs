// Solana JSON-RPC methods in Solana's own response shapes, plus the dev_* methods that move time.
import { toBase58, toBase64, fromBase58, fromBase64, parsePubkey, decodeWireTransaction } from './codec.mjs';
import { RpcError, RpcCode, invalidParams } from './errors.mjs';
import { decodeMint, decodeTokenAccount, isTokenProgram, parseTokenProgramAccount, uiTokenAmount } from './tokens.mjs';
import { compiledInstructionJson, parsedInstructionJson, MEMO_PROGRAMS, TRANSACTION_LEVEL_STACK_HEIGHT } from './instructions.mjs';
import { recentPrioritizationFees } from './fees.mjs';

const SOLANA_CORE_VERSION = '4.3.0';
const MAX_BASE58_ACCOUNT_BYTES = 128;

/** Builds the method table for one chain. Each method takes the params array and returns the result. */
export function createMethods(chain, { genesisHash }) {
  const withContext = (value) => ({ context: { apiVersion: SOLANA_CORE_VERSION, slot: chain.slot }, value });
  const config = (params, index) => {
    const value = params[index];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidParams(`parameter ${index + 1} must be a configuration object`);
    return value;
  };
  const pubkeyParam = (params, index = 0, what = 'pubkey') => {
    try {
      parsePubkey(params[index], what);
      return params[index];
    } catch (e) {
      throw invalidParams(e.message);
    }
  };
  const u64Param = (value, what) => {
    if (typeof value === 'bigint') return value;
    if (!Number.isInteger(value) || value < 0) throw invalidParams(`${what} must be a non-negative integer`);
    return BigInt(value);
  };

  const encodeAccount = (address, account, encoding = 'base64', dataSlice) => {
    if (!account) return null;
    let data = account.data;
    if (dataSlice) data = data.subarray(dataSlice.offset ?? 0, (dataSlice.offset ?? 0) + (dataSlice.length ?? data.length));
    let encoded;
    switch (encoding) {
      case 'base64':
        encoded = [toBase64(data), 'base64'];
        break;
      case 'base58':
        if (data.length > MAX_BASE58_ACCOUNT_BYTES) {
          throw invalidParams(`encoded binary (base 58) data should be less than ${MAX_BASE58_ACCOUNT_BYTES} bytes, please use Base64 encoding.`);
        }
        encoded = [toBase58(data), 'base58'];
        break;
      case 'jsonParsed':
        encoded = (isTokenProgram(account.owner) && parseTokenProgramAccount(account.data, account.owner, (m) => chain.mintDecimals(m)))
          || [toBase64(data), 'base64'];
        break;
      case 'base64+zstd':
        throw invalidParams('base64+zstd encoding is not supported by the dev chain; use base64');
      default:
        throw invalidParams(`unknown encoding: ${encoding}`);
    }
    return {
      data: encoded,
      executable: account.executable,
      lamports: account.lamports,
      owner: account.owner,
      rentEpoch: account.rentEpoch,
      space: account.data.length,
    };
  };

  const decodeTransactionParam = (params) => {
    const { encoding = 'base58' } = config(params, 1);
    if (typeof params[0] !== 'string') throw invalidParams('the transaction must be an encoded string');
    let bytes;
    try {
      bytes = encoding === 'base64' ? fromBase64(params[0]) : fromBase58(params[0]);
      decodeWireTransaction(bytes);
    } catch (e) {
      throw invalidParams(`failed to deserialize the transaction (${encoding}): ${e.message}`);
    }
    if (bytes.length > 1232) throw invalidParams(`the transaction is ${bytes.length} bytes, over the 1232-byte packet limit`);
    return bytes;
  };

  /** The "transaction" of getTransaction: binary, raw JSON, or parsed JSON (agave's UiTransaction). */
  const transactionJson = (record, encoding) => {
    const { tx } = record;
    if (encoding === 'base64') return [toBase64(tx.bytes), 'base64'];
    if (encoding === 'base58') return [toBase58(tx.bytes), 'base58'];
    const lookups = tx.version === 'legacy' ? {} : { addressTableLookups: tx.addressTableLookups };
    if (encoding === 'jsonParsed') {
      const loaded = record.loadedAddresses;
      const accountKeys = [
        ...tx.keys.map((k) => ({ pubkey: k.address, writable: k.writable, signer: k.signer, source: 'transaction' })),
        ...loaded.writable.map((pubkey) => ({ pubkey, writable: true, signer: false, source: 'lookupTable' })),
        ...loaded.readonly.map((pubkey) => ({ pubkey, writable: false, signer: false, source: 'lookupTable' })),
      ];
      return {
        signatures: tx.signatures,
        message: {
          accountKeys,
          recentBlockhash: tx.recentBlockhash,
          instructions: tx.instructions.map((ix) => parsedInstructionJson(ix, record.accountKeys, TRANSACTION_LEVEL_STACK_HEIGHT)),
          ...lookups,
        },
      };
    }
    return {
      signatures: tx.signatures,
      message: {
        header: tx.header,
        accountKeys: tx.keys.map((k) => k.address),
        recentBlockhash: tx.recentBlockhash,
        instructions: tx.instructions.map((ix) => compiledInstructionJson(ix, TRANSACTION_LEVEL_STACK_HEIGHT)),
        ...lookups,
      },
    };
  };

  /** Inner instructions in the requested form: compiled for json and binary encodings, parsed for jsonParsed. */
  const innerInstructionsJson = (groups, accountKeys, parsed) => groups.map(({ index, instructions }) => ({
    index,
    instructions: instructions.map((ix) => (parsed ? parsedInstructionJson(ix, accountKeys, ix.stackHeight) : compiledInstructionJson(ix, ix.stackHeight))),
  }));

  /** The "meta" of getTransaction (agave's UiTransactionStatusMeta); jsonParsed leaves out loadedAddresses. */
  const metaJson = (record, encoding) => {
    const parsed = encoding === 'jsonParsed';
    const meta = {
      err: record.err,
      status: record.err ? { Err: record.err } : { Ok: null },
      fee: record.fee,
      preBalances: record.preBalances,
      postBalances: record.postBalances,
      innerInstructions: innerInstructionsJson(record.innerInstructions, record.accountKeys, parsed),
      logMessages: record.logs,
      preTokenBalances: record.preTokenBalances,
      postTokenBalances: record.postTokenBalances,
      rewards: [],
    };
    if (!parsed) meta.loadedAddresses = record.loadedAddresses;
    if (record.returnData) meta.returnData = record.returnData;
    meta.computeUnitsConsumed = record.unitsConsumed;
    return meta;
  };

  /** A validator's memo column: each memo instruction as "[length] text", joined by "; ", or null. */
  const memoOf = (record) => {
    const memos = record.tx.instructions
      .filter((ix) => MEMO_PROGRAMS.has(record.accountKeys[ix.programIdIndex]))
      .map((ix) => `[${ix.data.length}] ${Buffer.from(ix.data).toString('utf8')}`);
    return memos.length ? memos.join('; ') : null;
  };

  /** Accounts that match getProgramAccounts-style filters: dataSize and memcmp (base58 or base64 bytes). */
  const filterMatcher = (filters = []) => {
    if (!Array.isArray(filters)) throw invalidParams('filters must be an array');
    if (filters.length > 4) throw invalidParams('too many filters provided; max 4');
    const tests = filters.map((filter) => {
      if (filter?.dataSize !== undefined) {
        const size = u64Param(filter.dataSize, 'dataSize');
        return (data) => BigInt(data.length) === size;
      }
      if (filter?.memcmp) {
        const { offset, bytes, encoding = 'base58' } = filter.memcmp;
        if (!Number.isInteger(offset) || offset < 0) throw invalidParams('memcmp offset must be a non-negative integer');
        if (typeof bytes !== 'string') throw invalidParams('memcmp bytes must be an encoded string');
        let expected;
        try {
          expected = encoding === 'base64' ? fromBase64(bytes) : fromBase58(bytes);
        } catch {
          throw invalidParams(`memcmp bytes are not valid ${encoding}`);
        }
        return (data) => offset + expected.length <= data.length && Buffer.compare(Buffer.from(data.subarray(offset, offset + expected.length)), Buffer.from(expected)) === 0;
      }
      if (filter?.tokenAccountState) return (data) => decodeTokenAccount(data) !== null;
      throw invalidParams(`unknown filter: ${JSON.stringify(filter)}`);
    });
    return (data) => tests.every((test) => test(data));
  };

  const programAccounts = (programId, filters) => {
    const matches = filterMatcher(filters);
    return chain.svm.getProgramAccounts(fromBase58(programId))
      .map((entry) => ({ address: toBase58(entry.address), account: entry.account() }))
      .filter(({ account }) => account.lamports() > 0n && matches(account.data()))
      .map(({ address, account }) => ({ address, account: chain.getAccount(address) }));
  };

  const methods = {
    getHealth: () => 'ok',
    getVersion: () => ({ 'solana-core': SOLANA_CORE_VERSION, 'feature-set': 0 }),
    getGenesisHash: () => genesisHash,
    getIdentity: () => ({ identity: '11111111111111111111111111111111' }),
    getSlot: () => chain.slot,
    getBlockHeight: () => chain.blockHeight,
    getTransactionCount: () => chain.transactionCount,
    getEpochInfo: () => {
      const clock = chain.svm.getClock();
      const slotsInEpoch = 432_000n;
      return {
        absoluteSlot: chain.slot,
        blockHeight: chain.blockHeight,
        epoch: clock.epoch,
        slotIndex: chain.slot % slotsInEpoch,
        slotsInEpoch,
        transactionCount: chain.transactionCount,
      };
    },
    getLatestBlockhash: () => withContext(chain.latestBlockhash()),
    isBlockhashValid: (params) => withContext(chain.isBlockhashValid(params[0])),
    getMinimumBalanceForRentExemption: (params) => chain.svm.minimumBalanceForRentExemption(u64Param(params[0] ?? 0, 'data length')),
    getFeeForMessage: (params) => {
      const message = fromBase64(params[0] ?? '');
      const signers = message[0] & 0x80 ? message[1] : message[0];
      return withContext(BigInt(signers) * 5000n);
    },
    getRecentPrioritizationFees: (params) => {
      const accounts = params[0] ?? [];
      if (!Array.isArray(accounts)) throw invalidParams('expected an array of account addresses');
      if (accounts.length > 128) throw invalidParams('too many account addresses (the limit is 128)');
      accounts.forEach((_, i) => pubkeyParam(accounts, i, 'account address'));
      return recentPrioritizationFees(chain, accounts);
    },
    requestAirdrop: (params) => {
      const address = pubkeyParam(params, 0);
      const lamports = u64Param(params[1], 'lamports');
      if (lamports === 0n) throw invalidParams('the airdrop amount must be greater than zero');
      return chain.airdrop(address, lamports);
    },
    getBalance: (params) => withContext(chain.getAccount(pubkeyParam(params))?.lamports ?? 0n),
    getAccountInfo: (params) => {
      const address = pubkeyParam(params);
      const { encoding, dataSlice } = config(params, 1);
      return withContext(encodeAccount(address, chain.getAccount(address), encoding, dataSlice));
    },
    getMultipleAccounts: (params) => {
      if (!Array.isArray(params[0])) throw invalidParams('expected an array of pubkeys');
      if (params[0].length > 100) throw invalidParams('too many accounts requested (the limit is 100)');
      const { encoding, dataSlice } = config(params, 1);
      return withContext(params[0].map((address, i) => {
        pubkeyParam(params[0], i);
        return encodeAccount(address, chain.getAccount(address), encoding, dataSlice);
      }));
    },
    getTokenAccountBalance: (params) => {
      const address = pubkeyParam(params);
      const account = chain.getAccount(address);
      const token = account && isTokenProgram(account.owner) ? decodeTokenAccount(account.data) : null;
      if (!token) throw invalidParams('Invalid param: not a Token account');
      return withContext(uiTokenAmount(token.amount, chain.mintDecimals(token.mint) ?? 0));
    },
    getSignatureStatuses: (params) => {
      if (!Array.isArray(params[0])) throw invalidParams('expected an array of signatures');
      if (params[0].length > 256) throw invalidParams('too many signatures requested (the limit is 256)');
      return withContext(params[0].map((signature) => {
        const record = chain.history.get(signature);
        if (!record) return null;
        return {
          slot: record.slot,
          ...chain.confirmationStatus(record),
          err: record.err,
          status: record.err ? { Err: record.err } : { Ok: null },
        };
      }));
    },
    getSignaturesForAddress: (params) => {
      const address = pubkeyParam(params);
      const { limit = 1000, before, until } = config(params, 1);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalidParams('Invalid limit; max 1000');
      // Newest first, as a validator answers; airdrops are not transactions of the address here.
      const newestFirst = [...chain.history.values()].filter((r) => !r.airdrop && r.tx.keys.some((k) => k.address === address)).reverse();
      let start = 0;
      if (before !== undefined) {
        start = newestFirst.findIndex((r) => r.signature === before) + 1;
        if (start === 0) return [];
      }
      const result = [];
      for (const record of newestFirst.slice(start)) {
        if (record.signature === until || result.length === limit) break;
        result.push({
          signature: record.signature,
          slot: record.slot,
          err: record.err,
          memo: memoOf(record),
          blockTime: record.blockTime,
          confirmationStatus: chain.confirmationStatus(record).confirmationStatus,
        });
      }
      return result;
    },
    getTransaction: (params) => {
      const { encoding = 'json', maxSupportedTransactionVersion } = typeof params[1] === 'string' ? { encoding: params[1] } : config(params, 1);
      if (!['json', 'jsonParsed', 'base64', 'base58'].includes(encoding)) throw invalidParams(`unknown encoding: ${encoding}`);
      const record = chain.history.get(params[0]);
      if (!record || record.airdrop) return null;
      if (record.tx.version !== 'legacy' && (maxSupportedTransactionVersion ?? -1) < record.tx.version) {
        throw new RpcError(RpcCode.UnsupportedTransactionVersion,
          `Transaction version (${record.tx.version}) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": ${record.tx.version}`);
      }
      const result = {
        slot: record.slot,
        transaction: transactionJson(record, encoding),
        meta: metaJson(record, encoding),
      };
      // Without maxSupportedTransactionVersion a validator leaves the version out (old clients reject it).
      if (maxSupportedTransactionVersion !== undefined) result.version = record.tx.version;
      result.blockTime = record.blockTime;
      result.transactionIndex = record.transactionIndex;
      return result;
    },
    sendTransaction: (params) => {
      const bytes = decodeTransactionParam(params);
      const { skipPreflight = false } = config(params, 1);
      return chain.send(bytes, { skipPreflight });
    },
    simulateTransaction: (params) => {
      const bytes = decodeTransactionParam(params);
      const { sigVerify = false, replaceRecentBlockhash = false, accounts, innerInstructions = false } = config(params, 1);
      if (sigVerify && replaceRecentBlockhash) throw invalidParams('sigVerify may not be used with replaceRecentBlockhash');
      const { accountKeys, ...result } = chain.simulate(bytes, { sigVerify, replaceRecentBlockhash, addresses: accounts?.addresses ?? [] });
      const encoding = accounts?.encoding ?? 'base64';
      return withContext({
        err: result.err,
        logs: result.logs,
        accounts: result.accounts && result.accounts.map((account, i) => encodeAccount(accounts.addresses[i], account, encoding)),
        unitsConsumed: result.unitsConsumed,
        loadedAccountsDataSize: null,
        returnData: result.returnData,
        // Simulation reports inner instructions only when asked, and then parsed, as a validator does.
        innerInstructions: innerInstructions ? innerInstructionsJson(result.innerInstructions, accountKeys, true) : null,
        replacementBlockhash: result.replacementBlockhash,
        fee: result.fee,
        preBalances: result.preBalances,
        postBalances: result.postBalances,
        preTokenBalances: result.preTokenBalances,
        postTokenBalances: result.postTokenBalances,
        loadedAddresses: result.loadedAddresses,
      });
    },
    getProgramAccounts: (params) => {
      const programId = pubkeyParam(params, 0, 'program id');
      const { encoding, dataSlice, filters, withContext: contextual = false } = config(params, 1);
      const value = programAccounts(programId, filters)
        .map(({ address, account }) => ({ pubkey: address, account: encodeAccount(address, account, encoding, dataSlice) }));
      return contextual ? withContext(value) : value;
    },
    getTokenAccountsByOwner: (params) => {
      const owner = pubkeyParam(params, 0, 'owner');
      const filter = config(params, 1);
      const { encoding, dataSlice } = config(params, 2);
      let programs;
      let mint = null;
      if (filter.mint !== undefined) {
        mint = pubkeyParam([filter.mint], 0, 'mint');
        const mintAccount = chain.getAccount(mint);
        if (!mintAccount || !isTokenProgram(mintAccount.owner)) throw invalidParams('Invalid param: could not find mint');
        programs = [mintAccount.owner];
      } else if (filter.programId !== undefined) {
        programs = [pubkeyParam([filter.programId], 0, 'programId')];
        if (!isTokenProgram(programs[0])) throw invalidParams('Invalid param: unrecognized Token program id');
      } else {
        throw invalidParams('the second parameter must be {mint} or {programId}');
      }
      const filters = [{ memcmp: { offset: 32, bytes: owner } }, ...(mint ? [{ memcmp: { offset: 0, bytes: mint } }] : [])];
      return withContext(programs.flatMap((program) => programAccounts(program, filters))
        .filter(({ account }) => decodeTokenAccount(account.data))
        .map(({ address, account }) => ({ pubkey: address, account: encodeAccount(address, account, encoding, dataSlice) })));
    },
    getTokenSupply: (params) => {
      const address = pubkeyParam(params, 0, 'mint');
      const account = chain.getAccount(address);
      const mint = account && isTokenProgram(account.owner) ? decodeMint(account.data) : null;
      if (!mint) throw invalidParams('Invalid param: not a Token mint');
      return withContext(uiTokenAmount(mint.supply, mint.decimals));
    },

    // Dev-only methods: move the clock and the slot, write accounts, load programs.
    dev_warpToSlot: (params) => {
      chain.warpToSlot(u64Param(params[0], 'slot'));
      return withContext(null);
    },
    dev_advanceTime: (params) => {
      chain.advanceTime(u64Param(params[0], 'seconds'));
      return withContext({ unixTimestamp: chain.svm.getClock().unixTimestamp });
    },
    dev_setUnixTimestamp: (params) => {
      chain.setUnixTimestamp(u64Param(params[0], 'unix timestamp'));
      return withContext({ unixTimestamp: chain.svm.getClock().unixTimestamp });
    },
    dev_setAccount: (params) => {
      const address = pubkeyParam(params);
      const account = config(params, 1);
      const owner = pubkeyParam([account.owner], 0, 'owner');
      const data = Array.isArray(account.data) ? fromBase64(account.data[0] ?? '') : fromBase64(account.data ?? '');
      chain.setAccount(address, { lamports: u64Param(account.lamports ?? 0, 'lamports'), data, owner, executable: Boolean(account.executable) });
      return withContext(null);
    },
    dev_addProgram: (params) => {
      const programId = pubkeyParam(params, 0, 'program id');
      if (typeof params[1] !== 'string') throw invalidParams('the program must be a base64 string');
      try {
        const authority = params[2] == null ? null : pubkeyParam(params, 2, 'upgrade authority');
        chain.addProgram(programId, fromBase64(params[1]), authority);
      } catch (e) {
        throw invalidParams(`the program could not be loaded: ${e.message ?? e}`);
      }
      return withContext(null);
    },
  };
  return methods;
}
