// getRecentPrioritizationFees from the chain's own history: per recent slot, the compute-unit price (micro-lamports)
// a transaction needed to land there, as a validator's prioritization-fee cache reports it.
const COMPUTE_BUDGET_PROGRAM = 'ComputeBudget111111111111111111111111111111';
const RECENT_SLOTS = 150n;

/**
 * What a decoded transaction asks of the compute budget: its SetComputeUnitLimit (null when absent), its
 * SetComputeUnitPrice in micro-lamports (0 when absent), and how many instructions are not ComputeBudget's.
 * The one reading of these instructions, for the fee a transaction pays and for the prices it offered.
 */
export function computeBudgetOf(tx) {
  let limit = null;
  let microLamportsPerUnit = 0n;
  let otherInstructions = 0n;
  for (const ix of tx.instructions) {
    const program = tx.keys[ix.programIdIndex]?.address;
    const data = Buffer.from(ix.data ?? new Uint8Array());
    if (program !== COMPUTE_BUDGET_PROGRAM) otherInstructions += 1n;
    else if (data[0] === 2 && data.length >= 5) limit = BigInt(data.readUInt32LE(1));
    else if (data[0] === 3 && data.length >= 9) microLamportsPerUnit = data.readBigUInt64LE(1);
  }
  return { limit, microLamportsPerUnit, otherInstructions };
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
    const price = computeBudgetOf(record.tx).microLamportsPerUnit;
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
