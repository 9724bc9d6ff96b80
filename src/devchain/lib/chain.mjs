// The chain: one LiteSVM instance plus what a validator adds around it: slots that advance on their own,
// a clock that follows real time (and can be moved forward), a window of valid blockhashes, commitment
// levels, and a transaction history for getTransaction and getSignatureStatuses.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { LiteSvm, Clock, Account } from 'litesvm/dist/internal.js';
import { decodeWireTransaction, fromBase58, toBase58 } from './codec.mjs';
import { transactionErrorToJson, describeTransactionError, RpcError, RpcCode } from './errors.mjs';
import { decodeTokenAccount, decodeMint, isTokenProgram, uiTokenAmount } from './tokens.mjs';
import { computeBudgetOf } from './fees.mjs';

const LAMPORTS_PER_SIGNATURE = 5000n;
const DEFAULT_UNITS_PER_INSTRUCTION = 200_000n;
const MAX_UNITS = 1_400_000n;
const SLOT_HASHES_KEPT = 512;

export class Chain extends EventEmitter {
  /**
   * @param {object} options
   * @param {number} options.slotMs how often a slot passes on its own (0 = only on demand)
   * @param {number} options.finalitySlots how many slots after its own a transaction becomes finalized
   * @param {number} options.blockhashValiditySlots how long a blockhash stays usable (Solana: 150)
   */
  constructor({ slotMs = 400, finalitySlots = 2, blockhashValiditySlots = 150 } = {}) {
    super();
    this.svm = new LiteSvm();
    // LiteSVM only accepts its latest blockhash; we keep Solana's window of recent ones ourselves.
    this.svm.setBlockhashCheck(false);
    this.slotMs = slotMs;
    this.finalitySlots = BigInt(finalitySlots);
    this.blockhashValiditySlots = BigInt(blockhashValiditySlots);
    this.timeOffsetSeconds = 0n;
    this.slot = this.svm.getClock().slot;
    this.genesisSlot = this.slot;
    this.blockhashes = new Map(); // blockhash -> slot it was produced in
    this.history = new Map(); // signature -> record
    this.transactionCount = 0n;
    this.slotHashes = []; // newest first, as the SlotHashes sysvar holds them
    this.recordBlockhash();
    this.recordSlotHashes(this.slot);
    this.syncClock();
  }

  start() {
    if (this.slotMs > 0) this.timer = setInterval(() => this.advanceSlots(1n), this.slotMs);
  }

  stop() {
    clearInterval(this.timer);
  }

  get blockHeight() {
    return this.slot - this.genesisSlot;
  }

  latestBlockhash() {
    const blockhash = this.svm.latestBlockhash();
    return { blockhash, lastValidBlockHeight: this.blockhashes.get(blockhash) - this.genesisSlot + this.blockhashValiditySlots };
  }

  isBlockhashValid(blockhash) {
    const producedAt = this.blockhashes.get(blockhash);
    return producedAt !== undefined && this.slot - producedAt <= this.blockhashValiditySlots;
  }

  /** Moves the chain forward: each slot gets a new blockhash, and the clock follows. */
  advanceSlots(count) {
    if (count <= 0n) return;
    this.slot += count;
    this.svm.warpToSlot(this.slot);
    this.svm.expireBlockhash();
    this.recordBlockhash();
    this.recordSlotHashes(this.slot - count + 1n);
    this.syncClock();
    this.emit('slot', this.slot);
  }

  warpToSlot(slot) {
    if (slot <= this.slot) throw new RpcError(RpcCode.InvalidParams, `Invalid params: slot ${slot} is not after the current slot ${this.slot}`);
    this.advanceSlots(slot - this.slot);
  }

  /** Moves the clock forward by whole seconds, and the slot with it (one slot per 400 ms, as on mainnet). */
  advanceTime(seconds) {
    if (seconds < 0n) throw new RpcError(RpcCode.InvalidParams, 'Invalid params: the clock only moves forward');
    this.timeOffsetSeconds += seconds;
    this.advanceSlots((seconds * 1000n) / 400n || 1n);
  }

  setUnixTimestamp(seconds) {
    const now = this.unixTimestamp();
    if (seconds < now) throw new RpcError(RpcCode.InvalidParams, `Invalid params: ${seconds} is before the chain's clock (${now}); the clock only moves forward`);
    this.advanceTime(seconds - now);
  }

  unixTimestamp() {
    return BigInt(Math.floor(Date.now() / 1000)) + this.timeOffsetSeconds;
  }

  syncClock() {
    const clock = this.svm.getClock();
    const timestamp = this.unixTimestamp();
    // The clock never goes back, even if the host's time does.
    const unixTimestamp = timestamp > clock.unixTimestamp ? timestamp : clock.unixTimestamp;
    this.svm.setClock(new Clock(this.slot, clock.epochStartTimestamp, clock.epoch, clock.leaderScheduleEpoch, unixTimestamp));
  }

  /**
   * Keeps the SlotHashes sysvar as a validator does: the most recent 512 slots, newest first (LiteSVM
   * leaves it alone when it warps). Programs check "recent slots" against it, such as the address lookup
   * table program when a table is created. Slots skipped over in one step get a hash derived from the slot.
   */
  recordSlotHashes(firstNewSlot) {
    const from = firstNewSlot > this.slot - BigInt(SLOT_HASHES_KEPT) + 1n ? firstNewSlot : this.slot - BigInt(SLOT_HASHES_KEPT) + 1n;
    const added = [];
    for (let slot = this.slot; slot >= from; slot--) {
      added.push({ slot, hash: slot === this.slot ? this.svm.latestBlockhash() : toBase58(createHash('sha256').update(`slot ${slot}`).digest()) });
    }
    this.slotHashes = [...added, ...this.slotHashes].slice(0, SLOT_HASHES_KEPT);
    this.svm.setSlotHashes(this.slotHashes);
  }

  recordBlockhash() {
    this.blockhashes.set(this.svm.latestBlockhash(), this.slot);
    // Forget hashes long past their validity so the map stays small.
    for (const [hash, slot] of this.blockhashes) {
      if (this.slot - slot > this.blockhashValiditySlots * 2n) this.blockhashes.delete(hash);
      else break;
    }
  }

  getAccount(address) {
    const account = this.svm.getAccount(fromBase58(address));
    if (!account || account.lamports() === 0n) return null;
    return {
      lamports: account.lamports(),
      data: account.data(),
      owner: toBase58(account.owner()),
      executable: account.executable(),
      rentEpoch: account.rentEpoch(),
    };
  }

  setAccount(address, { lamports, data, owner, executable = false, rentEpoch = 18446744073709551615n }) {
    this.svm.setAccount(fromBase58(address), new Account(BigInt(lamports), data, fromBase58(owner), executable, BigInt(rentEpoch)));
    this.emit('accounts', [address]);
  }

  /** Loads a program under the upgradeable loader. With `upgradeAuthority`, its ProgramData names that
   * authority, as a deploy with the real loader does (LiteSVM leaves it empty: an immutable program). */
  addProgram(programId, bytes, upgradeAuthority = null) {
    this.svm.addProgram(fromBase58(programId), bytes);
    if (!upgradeAuthority) return;
    const program = this.svm.getAccount(fromBase58(programId));
    const programDataAddress = toBase58(program.data().slice(4, 36));
    const programData = this.getAccount(programDataAddress);
    const data = Uint8Array.from(programData.data);
    data[12] = 1; // Option<Pubkey>::Some
    data.set(fromBase58(upgradeAuthority), 13);
    this.setAccount(programDataAddress, { ...programData, data });
  }

  mintDecimals(mint) {
    const account = this.getAccount(mint);
    return account && isTokenProgram(account.owner) ? decodeMint(account.data)?.decimals ?? null : null;
  }

  airdrop(address, lamports) {
    const result = this.svm.airdrop(fromBase58(address), lamports);
    const meta = result.meta ? result.meta() : result;
    const signature = toBase58(meta.signature());
    const err = result.err ? transactionErrorToJson(result.err()) : null;
    if (err) throw new RpcError(RpcCode.InternalError, `airdrop failed: ${describeTransactionError(err)}`);
    this.history.set(signature, { signature, slot: this.slot, blockTime: this.unixTimestamp(), err: null, airdrop: true });
    this.transactionCount += 1n;
    this.emit('transaction', this.history.get(signature));
    this.emit('accounts', [address]);
    return signature;
  }

  /** Rejects what a validator rejects before running anything: bad blockhash, replays. */
  checkTransaction(tx, { checkBlockhash = true } = {}) {
    if (this.history.has(tx.signatures[0])) return 'AlreadyProcessed';
    if (checkBlockhash && !this.isBlockhashValid(tx.recentBlockhash)) return 'BlockhashNotFound';
    return null;
  }

  simulate(bytes, { sigVerify = false, replaceRecentBlockhash = false, addresses = [] } = {}) {
    const tx = decodeWireTransaction(bytes);
    const rejected = this.checkTransaction(tx, { checkBlockhash: !replaceRecentBlockhash });
    if (rejected) return { ...emptySimulation(), err: rejected };
    const keys = this.accountKeysOf(tx);
    const pre = this.snapshotBalances(keys.all);
    const previous = this.svm.getSigverify();
    this.svm.setSigverify(sigVerify);
    let result;
    try {
      result = tx.version === 'legacy' ? this.svm.simulateLegacyTransaction(bytes) : this.svm.simulateVersionedTransaction(bytes);
    } finally {
      this.svm.setSigverify(previous);
    }
    const failed = typeof result.err === 'function';
    const meta = result.meta();
    // The state the transaction would leave: its written accounts, over the chain's current ones.
    const written = failed ? new Map() : new Map(result.postAccounts().map((a) => [toBase58(a.address), a.account()]));
    const afterwards = (address) => (written.has(address) ? accountFields(written.get(address)) : this.getAccount(address));
    const post = this.snapshotBalances(keys.all, afterwards);
    return {
      err: failed ? transactionErrorToJson(result.err()) : null,
      logs: meta.logs(),
      unitsConsumed: meta.computeUnitsConsumed(),
      accounts: addresses.length && !failed ? addresses.map((address) => afterwards(address)) : null,
      returnData: returnDataJson(meta),
      innerInstructions: innerInstructionsOf(meta),
      replacementBlockhash: replaceRecentBlockhash ? this.latestBlockhash() : null,
      fee: transactionFee(tx),
      preBalances: pre.lamports,
      postBalances: post.lamports,
      preTokenBalances: pre.tokens,
      postTokenBalances: post.tokens,
      loadedAddresses: keys.loaded,
      accountKeys: keys.all,
    };
  }

  /** Executes a transaction as a leader would. Failed transactions are recorded too (and pay their fee). */
  send(bytes, { skipPreflight = false } = {}) {
    const tx = decodeWireTransaction(bytes);
    if (!tx.signatureSlots[0] || tx.signatureSlots.some((s) => !s)) {
      throw new RpcError(RpcCode.TransactionSignatureVerificationFailure, 'Transaction signature verification failure');
    }
    if (!skipPreflight) {
      const simulation = this.simulate(bytes, { sigVerify: true });
      if (simulation.err) {
        throw new RpcError(RpcCode.SendTransactionPreflightFailure,
          `Transaction simulation failed: ${describeTransactionError(simulation.err)}`,
          preflightFailureData(simulation));
      }
    } else {
      const rejected = this.checkTransaction(tx);
      if (rejected) {
        throw new RpcError(RpcCode.SendTransactionPreflightFailure, `Transaction simulation failed: ${describeTransactionError(rejected)}`,
          preflightFailureData({ ...emptySimulation(), err: rejected }));
      }
    }
    const keys = this.accountKeysOf(tx);
    const pre = this.snapshotBalances(keys.all);
    const result = tx.version === 'legacy' ? this.svm.sendLegacyTransaction(bytes) : this.svm.sendVersionedTransaction(bytes);
    const failed = typeof result.err === 'function';
    const meta = failed ? result.meta() : result;
    const post = this.snapshotBalances(keys.all);
    if (this.slot !== this.lastTransactionSlot) {
      this.lastTransactionSlot = this.slot;
      this.transactionsInSlot = 0;
    }
    const record = {
      signature: tx.signatures[0],
      slot: this.slot,
      transactionIndex: this.transactionsInSlot++,
      blockTime: this.unixTimestamp(),
      tx,
      accountKeys: keys.all,
      loadedAddresses: keys.loaded,
      err: failed ? transactionErrorToJson(result.err()) : null,
      fee: transactionFee(tx),
      logs: meta.logs(),
      unitsConsumed: meta.computeUnitsConsumed(),
      returnData: returnDataJson(meta),
      innerInstructions: innerInstructionsOf(meta),
      preBalances: pre.lamports,
      postBalances: post.lamports,
      preTokenBalances: pre.tokens,
      postTokenBalances: post.tokens,
    };
    this.history.set(record.signature, record);
    this.transactionCount += 1n;
    this.emit('transaction', record);
    this.emit('accounts', keys.all);
    return record.signature;
  }

  /**
   * Every account key of a transaction in the runtime's order: the static keys, then the addresses a v0
   * transaction loads from lookup tables (writable, then readonly).
   */
  accountKeysOf(tx) {
    const loaded = { writable: [], readonly: [] };
    for (const lookup of tx.addressTableLookups) {
      const table = this.getAccount(lookup.accountKey);
      const addresses = table ? lookupTableAddresses(table.data) : [];
      loaded.writable.push(...lookup.writableIndexes.map((i) => addresses[i]).filter(Boolean));
      loaded.readonly.push(...lookup.readonlyIndexes.map((i) => addresses[i]).filter(Boolean));
    }
    return { all: [...tx.keys.map((k) => k.address), ...loaded.writable, ...loaded.readonly], loaded };
  }

  snapshotBalances(addresses, getAccount = (address) => this.getAccount(address)) {
    const lamports = [];
    const tokens = [];
    addresses.forEach((address, accountIndex) => {
      const account = getAccount(address);
      lamports.push(account?.lamports ?? 0n);
      if (account && isTokenProgram(account.owner)) {
        const token = decodeTokenAccount(account.data);
        if (token) {
          tokens.push({
            accountIndex,
            mint: token.mint,
            uiTokenAmount: uiTokenAmount(token.amount, this.mintDecimals(token.mint) ?? 0),
            owner: token.owner,
            programId: account.owner,
          });
        }
      }
    });
    return { lamports, tokens };
  }

  /** processed / confirmed / finalized, from how many slots have passed since the transaction's slot. */
  confirmationStatus(record) {
    const depth = this.slot - record.slot;
    if (depth >= this.finalitySlots) return { confirmationStatus: 'finalized', confirmations: null };
    return { confirmationStatus: 'confirmed', confirmations: Number(depth) };
  }
}

/** A LiteSVM Account as the plain object getAccount returns. */
const accountFields = (account) => (account.lamports() === 0n ? null : {
  lamports: account.lamports(),
  data: account.data(),
  owner: toBase58(account.owner()),
  executable: account.executable(),
  rentEpoch: account.rentEpoch(),
});

const emptySimulation = () => ({
  err: null, logs: [], unitsConsumed: 0n, accounts: null, returnData: null, innerInstructions: [], replacementBlockhash: null,
  fee: null, preBalances: null, postBalances: null, preTokenBalances: null, postTokenBalances: null, loadedAddresses: null, accountKeys: [],
});

/** The data of a -32002 preflight failure: the simulation result, without the inner instructions it was not asked for. */
function preflightFailureData(simulation) {
  const { accountKeys: _keys, ...result } = simulation;
  return { ...result, accounts: null, innerInstructions: null, loadedAccountsDataSize: null };
}

// An address lookup table: a 56-byte header (LookupTableMeta), then the 32-byte addresses.
const LOOKUP_TABLE_HEADER_BYTES = 56;
function lookupTableAddresses(data) {
  const addresses = [];
  for (let offset = LOOKUP_TABLE_HEADER_BYTES; offset + 32 <= data.length; offset += 32) addresses.push(toBase58(data.subarray(offset, offset + 32)));
  return addresses;
}

/**
 * The instructions each top-level instruction invoked through CPI, as the runtime recorded them:
 * [{index, instructions: [{programIdIndex, accounts, data, stackHeight}]}], only for instructions that
 * invoked something (as a validator stores them).
 */
function innerInstructionsOf(meta) {
  return meta.innerInstructions()
    .map((inner, index) => ({
      index,
      instructions: inner.map((entry) => {
        const ix = entry.instruction();
        return { programIdIndex: ix.programIdIndex(), accounts: [...ix.accounts()], data: ix.data(), stackHeight: entry.stackHeight() };
      }),
    }))
    .filter((group) => group.instructions.length > 0);
}

function returnDataJson(meta) {
  try {
    const returnData = meta.returnData();
    const data = returnData.data();
    if (!data || data.length === 0) return null;
    return { programId: toBase58(returnData.programId()), data: [Buffer.from(data).toString('base64'), 'base64'] };
  } catch {
    return null;
  }
}

/** Signature fee plus prioritization fee (compute-unit price × limit), as the runtime charges it. */
function transactionFee(tx) {
  const { limit, microLamportsPerUnit, otherInstructions } = computeBudgetOf(tx);
  const units = limit ?? (otherInstructions * DEFAULT_UNITS_PER_INSTRUCTION < MAX_UNITS ? otherInstructions * DEFAULT_UNITS_PER_INSTRUCTION : MAX_UNITS);
  const priority = (units * microLamportsPerUnit + 999_999n) / 1_000_000n;
  return LAMPORTS_PER_SIGNATURE * BigInt(tx.header.numRequiredSignatures) + priority;
}
