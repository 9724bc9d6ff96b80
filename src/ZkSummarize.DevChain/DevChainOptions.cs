namespace ZkSummarize.DevChain;

/// <summary>How to start the dev chain (src/devchain/server.mjs).</summary>
public sealed class DevChainOptions
{
    /// <summary>The repository root holding src/devchain; found from the running assembly when null.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>The JSON-RPC port; the PubSub websocket uses the next one. 0 picks a free pair.</summary>
    public int Port { get; set; }

    /// <summary>What getGenesisHash answers; devnet's hash makes x402 clients accept the chain.</summary>
    public string? GenesisHash { get; set; }

    /// <summary>Programs to load at start: program id (base58) and the path of its .so file.</summary>
    public IList<(string ProgramId, string Path)> Programs { get; } = new List<(string, string)>();

    /// <summary>
    /// False switches off every dev_* method (no time travel, no account writes, no program loading), so the chain
    /// answers only what devnet or mainnet answer: what works then works against a real cluster.
    /// </summary>
    public bool DevMethods { get; set; } = true;

    /// <summary>How often a slot passes on its own.</summary>
    public TimeSpan SlotInterval { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>How long to wait for the chain to print its ready line.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The node executable.</summary>
    public string NodeExecutable { get; set; } = "node";

    /// <summary>devnet's genesis hash, for clients that accept only known networks.</summary>
    public const string DevnetGenesisHash = "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG";

    /// <summary>Devnet USDC's mint address: the asset stock x402 clients pay with on devnet (and on a chain posing as devnet).</summary>
    public const string DevnetUsdcMint = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
}
