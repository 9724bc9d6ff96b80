namespace ZkSummarize.Solana.Rpc;

/// <summary>Where the RPC node is, and how long to wait for it.</summary>
public sealed class SolanaRpcOptions
{
    /// <summary>The JSON-RPC endpoint, e.g. http://127.0.0.1:8899.</summary>
    public Uri Url { get; set; } = new("http://127.0.0.1:8899");

    /// <summary>The commitment used when a call does not name one.</summary>
    public Commitment Commitment { get; set; } = Commitment.Confirmed;

    /// <summary>How long <see cref="SolanaRpcClient.ConfirmTransactionAsync"/> waits by default.</summary>
    public TimeSpan ConfirmationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a sent transaction the cluster has not seen yet is sent again (until its blockhash expires).</summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Which percentile of recent slots' compute-unit prices a transaction offers (getRecentPrioritizationFees).</summary>
    public int PriorityFeePercentile { get; set; } = 75;

    /// <summary>The most micro-lamports per compute unit a transaction offers, however congested the cluster (100,000 × 200,000 units = 0.02 SOL).</summary>
    public ulong MaxComputeUnitPrice { get; set; } = 100_000;

    /// <summary>How often confirmation polls getSignatureStatuses.</summary>
    public TimeSpan ConfirmationPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
