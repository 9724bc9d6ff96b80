namespace ZkSummarize.Solana.Rpc;

/// <summary>How settled a read or a transaction must be.</summary>
public enum Commitment
{
    /// <summary>Seen by the node, may still be rolled back.</summary>
    Processed,

    /// <summary>Voted on by a supermajority.</summary>
    Confirmed,

    /// <summary>Rooted: will not be rolled back.</summary>
    Finalized,
}

/// <summary>A recent blockhash and the last block height at which a transaction using it can land.</summary>
public sealed record LatestBlockhash(string Blockhash, ulong LastValidBlockHeight);

/// <summary>An account as stored on chain.</summary>
public sealed record AccountInfo(ulong Lamports, PublicKey Owner, byte[] Data, bool Executable, ulong RentEpoch);

/// <summary>A token balance in base units, with the mint's decimals.</summary>
public sealed record TokenAmount(ulong Amount, byte Decimals, string UiAmountString);

/// <summary>Where a transaction stands. <see cref="Error"/> is Solana's error JSON when it failed.</summary>
public sealed record SignatureStatus(ulong Slot, ulong? Confirmations, string? Error, Commitment? ConfirmationStatus)
{
    /// <summary>True once the status is at least <paramref name="commitment"/>.</summary>
    public bool Reached(Commitment commitment) => ConfirmationStatus is { } status && status >= commitment;
}

/// <summary>What a simulation showed: the error JSON (null on success), the logs and the compute units.</summary>
public sealed record SimulationResult(string? Error, IReadOnlyList<string> Logs, ulong? UnitsConsumed);

/// <summary>A landed transaction with its outcome.</summary>
public sealed record TransactionDetails(
    ulong Slot,
    long? BlockTime,
    string? Error,
    ulong Fee,
    IReadOnlyList<string> Logs,
    ulong? ComputeUnitsConsumed,
    IReadOnlyList<ulong> PreBalances,
    IReadOnlyList<ulong> PostBalances,
    byte[] TransactionBytes);

/// <summary>One transaction that touched an address (getSignaturesForAddress): its signature, slot and error (null on success).</summary>
public sealed record SignatureInfo(string Signature, ulong Slot, string? Error, long? BlockTime);

/// <summary>Options for sendTransaction.</summary>
public sealed record SendTransactionOptions(bool SkipPreflight = false, Commitment? PreflightCommitment = null);

/// <summary>What landing a transaction cost in one recent slot, in micro-lamports per compute unit.</summary>
public sealed record PrioritizationFee(ulong Slot, ulong MicroLamportsPerUnit);
