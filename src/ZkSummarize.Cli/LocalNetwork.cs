using System.Globalization;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using static ZkSummarize.Cli.ConsoleSteps;

namespace ZkSummarize.Cli;

/// <summary>
/// The embedded default, on this machine: the dev chain, the escrow program built from source, a
/// USDC-like mint, a funded client, worker and treasury, and one node. What `zks demo` and `zks bench`
/// run against; everything stops on dispose.
/// </summary>
internal sealed class LocalNetwork : IAsyncDisposable
{
    public const byte UsdcDecimals = 6;
    public const ulong Price = 250_000; // 0.25 USDC
    public const ushort FeeBasisPoints = 500;

    private readonly List<IDisposable> _keys = [];
    private DirectoryInfo? _folder;

    private LocalNetwork(DevChainProcess chain) => Chain = chain;

    public DevChainProcess Chain { get; }
    public SolanaRpcClient Rpc { get; private set; } = null!;
    public EscrowProgram Program { get; private set; } = null!;
    public Keypair Client { get; private set; } = null!;
    public PublicKey Mint { get; private set; }
    public PublicKey ClientUsdc { get; private set; }
    public PublicKey WorkerUsdc { get; private set; }
    public PublicKey TreasuryUsdc { get; private set; }
    public NodeProcess Node { get; private set; } = null!;

    /// <exception cref="InvalidOperationException">The program or the circuit is not built.</exception>
    public static async Task<LocalNetwork> StartAsync(string root, ulong clientUsdc, CancellationToken ct)
    {
        var programFile = Path.Combine(root, "src", "onchain", "build", "zksummarize_escrow.so");
        var circuitFolder = Path.Combine(root, "circuits", "build");
        if (!File.Exists(programFile) || !File.Exists(Path.Combine(circuitFolder, "grounding.r1cs")))
        {
            throw new InvalidOperationException("The program or the circuit is not built. Run scripts/demo.sh, which builds both (src/onchain/build.sh, circuits/build.sh).");
        }
        var chain = await Step("Starting the dev chain (LiteSVM, agave 4.3 runtime)", () => DevChainProcess.StartAsync(new DevChainOptions(), cancellationToken: ct));
        var network = new LocalNetwork(chain);
        try
        {
            await network.SetUpAsync(programFile, circuitFolder, Path.Combine(root, "circuits", "verification_key.dev.json"),
                Path.Combine(root, "src", "ZkSummarize.Node", "bin", "Release", "net10.0", "ZkSummarize.Node.dll"), clientUsdc, ct);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private T Key<T>(T key) where T : IDisposable
    {
        _keys.Add(key);
        return key;
    }

    private async Task SetUpAsync(string programFile, string circuitFolder, string verifyingKeyFile, string nodeDll, ulong clientUsdc, CancellationToken ct)
    {
        Rpc = SolanaRpcClient.Create(Chain.RpcUrl);
        var admin = new DevChainAdmin(new HttpClient(), Chain.RpcUrl);
        var tokens = new TokenClient(Rpc);
        Program = new EscrowProgram(Key(Keypair.Generate()).PublicKey);
        var issuer = Key(Keypair.Generate());
        var mint = Key(Keypair.Generate());
        Client = Key(Keypair.Generate());
        var worker = Key(Keypair.Generate());
        var treasuryOwner = Key(Keypair.Generate());
        var feePayer = Key(Keypair.Generate());
        Mint = mint.PublicKey;

        var programBytes = await File.ReadAllBytesAsync(programFile, ct);
        await Step($"Deploying the escrow program built from source ({programBytes.Length:N0} bytes, sha256 {Receipt.Hash(programBytes)[..16]}…)", () => admin.AddProgramAsync(Program.ProgramId.ToString(), programBytes, ct));
        await Step("Funding the issuer, client, worker, treasury and fee payer with SOL for fees", async () =>
        {
            foreach (var wallet in new[] { issuer, Client, worker, treasuryOwner, feePayer })
            {
                await Rpc.ConfirmTransactionAsync(await Rpc.RequestAirdropAsync(wallet.PublicKey, 2_000_000_000, ct), cancellationToken: ct);
            }
        });
        await Step($"Creating a USDC-like mint ({UsdcDecimals} decimals)", () => tokens.CreateMintAsync(issuer, mint, UsdcDecimals, issuer.PublicKey, ct));
        ClientUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, Client.PublicKey, Mint, ct);
        WorkerUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, worker.PublicKey, Mint, ct);
        TreasuryUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, treasuryOwner.PublicKey, Mint, ct);
        await Step($"Minting {clientUsdc / 1_000_000m} USDC to the client", () => tokens.MintToAsync(issuer, Mint, ClientUsdc, issuer, clientUsdc, ct));

        var verifyingKey = SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(verifyingKeyFile, ct)));
        await Step($"Configuring the program: mint, treasury, {FeeBasisPoints / 100.0:0.#}% fee, the development verifying key", async () =>
        {
            await Rpc.SendAsync([Program.InitializeConfig(issuer.PublicKey, Mint, TreasuryUsdc, FeeBasisPoints)], [issuer], ct);
            await Rpc.SendAsync([Program.SetVerifyingKey(issuer.PublicKey, verifyingKey)], [issuer], ct);
        });

        _folder = Directory.CreateTempSubdirectory("zks-local-");
        feePayer.SaveSolanaKeygenFile(Path.Combine(_folder.FullName, "fee-payer.json"));
        worker.SaveSolanaKeygenFile(Path.Combine(_folder.FullName, "worker.json"));
        Node = await Step("Starting the node (Orleans silo, HTTP + x402, gRPC; it makes the development proving key, about 10 s)", () => NodeProcess.StartAsync(nodeDll,
            [("RpcUrl", Chain.RpcUrl.ToString()), ("Network", $"solana:{Chain.GenesisHash[..32]}"), ("FeePayerKeypair", Path.Combine(_folder.FullName, "fee-payer.json")),
             ("PayTo", treasuryOwner.PublicKey.ToString()), ("Mint", Mint.ToString()), ("Price", Price.ToString(CultureInfo.InvariantCulture)),
             ("ProgramId", Program.ProgramId.ToString()), ("WorkerKeypair", Path.Combine(_folder.FullName, "worker.json")), ("CircuitFolder", circuitFolder),
             ("StateFolder", Path.Combine(_folder.FullName, "node-state"))],
            ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        await Chain.DisposeAsync();
        foreach (var key in _keys) key.Dispose();
        _folder?.Delete(recursive: true);
    }
}
