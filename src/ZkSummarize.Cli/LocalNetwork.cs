using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;
using static ZkSummarize.Cli.ConsoleSteps;

namespace ZkSummarize.Cli;

/// <summary>How <see cref="LocalNetwork"/> is laid out.</summary>
internal sealed record LocalNetworkOptions
{
    /// <summary>What the client is funded with, in USDC base units.</summary>
    public required ulong ClientUsdc { get; init; }

    /// <summary>Pose as devnet, with the mint at devnet USDC's address: what stock x402 clients pay.</summary>
    public bool AsDevnet { get; init; }

    /// <summary>The chain's JSON-RPC port (the websocket uses the next); 0 picks free ones.</summary>
    public int ChainPort { get; init; }

    /// <summary>The node's HTTP port; 0 picks a free one.</summary>
    public int NodeHttpPort { get; init; }

    /// <summary>Where the keys and settings go; null: a temporary folder, removed on dispose.</summary>
    public string? KeysFolder { get; init; }

    /// <summary>More node settings (names under Node:, such as ("Admission:MaxQueuedJobs", "2")); they win over the others.</summary>
    public IReadOnlyList<(string Name, string Value)> NodeSettings { get; init; } = [];
}

/// <summary>
/// The embedded default, on this machine: the dev chain made ready by <see cref="ChainBootstrap"/> and one
/// node (gateway and worker, file storage). What `zks demo`, `zks bench` and `zks local up` run against;
/// everything stops on dispose.
/// </summary>
internal sealed class LocalNetwork : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly bool _ownsFolder;

    private LocalNetwork(DevChainProcess chain, DirectoryInfo folder, bool ownsFolder)
    {
        Chain = chain;
        _folder = folder;
        _ownsFolder = ownsFolder;
        Rpc = SolanaRpcClient.Create(chain.RpcUrl);
    }

    public DevChainProcess Chain { get; }

    public SolanaRpcClient Rpc { get; }

    public ChainSetup Setup { get; private set; } = null!;

    public Keypair Client => Setup.Client;

    public PublicKey ClientUsdc => Setup.ClientUsdc;

    public PublicKey WorkerUsdc => Setup.Workers[0].Usdc;

    public PublicKey TreasuryUsdc => Setup.TreasuryUsdc;

    public NodeProcess Node { get; private set; } = null!;

    /// <summary>The node's file storage (jobs, Orleans state).</summary>
    public string StateFolder => Path.Combine(_folder.FullName, "node-state");

    public static Task<LocalNetwork> StartAsync(string root, ulong clientUsdc, CancellationToken ct) =>
        StartAsync(root, new LocalNetworkOptions { ClientUsdc = clientUsdc }, ct);

    /// <exception cref="InvalidOperationException">The program or the circuit is not built.</exception>
    public static async Task<LocalNetwork> StartAsync(string root, LocalNetworkOptions options, CancellationToken ct)
    {
        var circuitFolder = Path.Combine(root, "circuits", "build");
        if (!File.Exists(Path.Combine(circuitFolder, "grounding.r1cs"))) throw new InvalidOperationException("The circuit is not built. Run scripts/demo.sh, which builds it (circuits/build.sh).");
        // Standard RPC only, unless the chain poses as devnet: devnet USDC's mint at its real address can only be written with dev_setAccount.
        var chainOptions = new DevChainOptions { Port = options.ChainPort, GenesisHash = options.AsDevnet ? DevChainOptions.DevnetGenesisHash : null, DevMethods = options.AsDevnet };
        var chain = await Step(options.AsDevnet ? "Starting the dev chain (LiteSVM, agave 4.3 runtime), posing as devnet" : "Starting the dev chain (LiteSVM, agave 4.3 runtime)",
            () => DevChainProcess.StartAsync(chainOptions, cancellationToken: ct));
        var folder = options.KeysFolder is null ? Directory.CreateTempSubdirectory("zks-local-") : Directory.CreateDirectory(options.KeysFolder);
        var network = new LocalNetwork(chain, folder, ownsFolder: options.KeysFolder is null);
        try
        {
            network.Setup = await ChainBootstrap.RunAsync(chain.RpcUrl, root, Path.Combine(network._folder.FullName, "keys"), 1, options.ClientUsdc, ct, devnetUsdc: options.AsDevnet);
            network.Node = await Step("Starting the node (Orleans silo, HTTP + x402, gRPC; it proves with the project's ceremony keys)", () => NodeProcess.StartAsync(
                NodeProcess.BuiltNode(root), network.Setup.SettingsFile,
                [("RpcUrl", chain.RpcUrl.ToString()), ("WorkerKeypair", network.Setup.WorkerFile(0)), ("CircuitFolder", circuitFolder), .. ChainBootstrap.CeremonyZkeySettings(root),
                 ("StateFolder", network.StateFolder), ("HttpUrl", $"http://127.0.0.1:{options.NodeHttpPort}"), .. options.NodeSettings],
                ct));
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        await Chain.DisposeAsync();
        Setup?.Dispose();
        if (_ownsFolder) _folder.Delete(recursive: true);
    }
}
