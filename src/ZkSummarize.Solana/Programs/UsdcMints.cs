namespace ZkSummarize.Solana.Programs;

/// <summary>Circle's USDC mints on Solana's public clusters, known by the cluster's genesis hash (its CAIP-2 reference is the first 32 characters).</summary>
public static class UsdcMints
{
    public static readonly PublicKey Devnet = PublicKey.Parse("4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU");
    public static readonly PublicKey Mainnet = PublicKey.Parse("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v");

    public const string DevnetNetwork = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    public const string MainnetNetwork = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp";

    /// <summary>The USDC mint of the cluster with this genesis hash, or null for any other cluster (a local or private one brings its own mint).</summary>
    public static PublicKey? ForGenesisHash(string genesisHash)
    {
        ArgumentNullException.ThrowIfNull(genesisHash);
        var network = "solana:" + genesisHash[..Math.Min(32, genesisHash.Length)];
        return network == DevnetNetwork ? Devnet : network == MainnetNetwork ? Mainnet : null;
    }
}
