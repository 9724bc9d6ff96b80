using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;
using static ZkSummarize.Cli.ConsoleSteps;

namespace ZkSummarize.Cli;

/// <summary>
/// The embedded default, on this machine: the dev chain made ready by <see cref="ChainBootstrap"/> and one
/// node (gateway and worker, file storage). What `zks demo` and `zks bench` run against; everything
/// stops on dispose.
/// </summary>
internal sealed class LocalNetwork : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;

    private LocalNetwork(DevChainProcess chain, DirectoryInfo folder)
    {
        Chain = chain;
        _folder = folder;
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

    /// <exception cref="InvalidOperationException">The program or the circuit is not built.</exception>
    public static async Task<LocalNetwork> StartAsync(string root, ulong clientUsdc, CancellationToken ct)
    {
        var circuitFolder = Path.Combine(root, "circuits", "build");
        if (!File.Exists(Path.Combine(circuitFolder, "grounding.r1cs"))) throw new InvalidOperationException("The circuit is not built. Run scripts/demo.sh, which builds it (circuits/build.sh).");
        var chain = await Step("Starting the dev chain (LiteSVM, agave 4.3 runtime)", () => DevChainProcess.StartAsync(new DevChainOptions { DevMethods = false }, cancellationToken: ct));
        var network = new LocalNetwork(chain, Directory.CreateTempSubdirectory("zks-local-"));
        try
        {
            network.Setup = await ChainBootstrap.RunAsync(chain.RpcUrl, root, Path.Combine(network._folder.FullName, "keys"), 1, clientUsdc, ct);
            network.Node = await Step("Starting the node (Orleans silo, HTTP + x402, gRPC; it proves with the project's ceremony key)", () => NodeProcess.StartAsync(
                NodeProcess.BuiltNode(root), network.Setup.SettingsFile,
                [("RpcUrl", chain.RpcUrl.ToString()), ("WorkerKeypair", network.Setup.WorkerFile(0)), ("CircuitFolder", circuitFolder), ("ZkeyPath", ChainBootstrap.CeremonyZkey(root)),
                 ("StateFolder", Path.Combine(network._folder.FullName, "node-state"))],
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
        _folder.Delete(recursive: true);
    }
}
