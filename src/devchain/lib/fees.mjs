// getRecentPrioritizationFees from the chain's own history: per recent slot, the compute-unit price (micro-lamports)
// a transaction needed to land there, as a validator's prioritization-fee cache reports it.
const COMPUTE_BUDGET_PROGRAM = 'ComputeBudget111111111111111111111111111111';
const RECENT_SLOTS = 150n;

/** The SetComputeUnitPrice of a decoded transaction, or 0. */
export function computeUnitPrice(tx) {
  for (const ix of tx.instructions) {
    const data = ix.data ?? new Uint8Array();
    if (tx.keys[ix.programIdIndex]?.address === COMPUTE_BUDGET_PROGRAM && data[0] === 3 && data.length >= 9) return Buffer.from(data).readBigUInt64LE(1);
  }
  return 0n;
}

/**
 * One entry per recent slot that had transactions: with no accounts, the lowest price paid in the slot; with
 * accounts, for each account the lowest price of the transactions that write-locked it, and the highest of those.
 */
export function recentPrioritizationFees(chain, accounts) {
  const bySlot = new Map();
  for (const record of chain.history.values()) {
    if (record.airdrop || chain.slot - record.slot > RECENT_SLOTS) continue;
    const entry = bySlot.get(record.slot) ?? { all: null, perAccount: new Map() };
    const price = computeUnitPrice(record.tx);
    entry.all = entry.all === null || price < entry.all ? price : entry.all;
    for (const key of record.tx.keys) {
      if (!key.writable) continue;
      const known = entry.perAccount.get(key.address);
      entry.perAccount.set(key.address, known === undefined || price < known ? price : known);
    }
    bySlot.set(record.slot, entry);
  }
  return [...bySlot.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([slot, entry]) => ({
    slot,
    prioritizationFee: accounts.length === 0 ? entry.all
      : accounts.reduce((highest, address) => {
        const fee = entry.perAccount.get(address) ?? 0n;
        return fee > highest ? fee : highest;
      }, 0n),
  }));
}
