using System.Buffers.Binary;
using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// A dev chain that presents itself as devnet, with a 6-decimal mint at devnet USDC's address, a funded
/// client, and a real node process (ZkSummarize.Node on a loopback port) configured to sell summaries.
/// </summary>
public class NodeFixture : DevChainFixture
{
    public const string DevnetUsdc = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
    public const ulong Price = 250_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("zks-node-").FullName;

    public Keypair MintAuthority { get; } = Keypair.Generate();
    public Keypair FeePayer { get; } = Keypair.Generate();
    public Keypair PayTo { get; } = Keypair.Generate();
    public Keypair Client { get; } = Keypair.Generate();
    public PublicKey Mint { get; private set; } = PublicKey.Parse(DevnetUsdc);
    public PublicKey PayToTokens { get; private set; }
    public PublicKey ClientTokens { get; private set; }
    public SolanaRpcClient Rpc { get; private set; } = null!;
    public string ClientKeyFile => Path.Combine(_folder, "client.json");

    /// <summary>The node's job store: it outlives a restart of the node process.</summary>
    public string StateFolder => Path.Combine(_folder, "state");

    protected override void Configure(DevChainOptions options) => options.GenesisHash = DevChainOptions.DevnetGenesisHash;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Rpc = SolanaRpcClient.Create(RpcUrl);
        foreach (var k in new[] { MintAuthority, FeePayer, Client }) await Rpc.ConfirmTransactionAsync(await Rpc.RequestAirdropAsync(k.PublicKey, 2_000_000_000));
        Mint = await CreateMintAsync();
        var tokens = new TokenClient(Rpc);
        PayToTokens = await tokens.CreateAssociatedTokenAccountAsync(MintAuthority, PayTo.PublicKey, Mint);
        ClientTokens = await tokens.CreateAssociatedTokenAccountAsync(MintAuthority, Client.PublicKey, Mint);
        await tokens.MintToAsync(MintAuthority, Mint, ClientTokens, MintAuthority, ClientUsdc);
        Client.SaveSolanaKeygenFile(ClientKeyFile);
        FeePayer.SaveSolanaKeygenFile(Path.Combine(_folder, "fee-payer.json"));
        await StartNodesAsync(await PrepareAsync());
    }

    /// <summary>The 6-decimal mint the node is paid in: by default written at devnet USDC's address (dev_setAccount), so that the chain passes for devnet.</summary>
    protected virtual async Task<PublicKey> CreateMintAsync()
    {
        await Admin.SetAccountAsync(DevnetUsdc, 1_461_600, MintData(MintAuthority.PublicKey), TokenProgram.ProgramId.ToString());
        return PublicKey.Parse(DevnetUsdc);
    }

    /// <summary>What the client starts with, in USDC base units.</summary>
    protected virtual ulong ClientUsdc => 10 * Price;

    /// <summary>Extra node arguments (a subclass deploys the escrow program and passes its id).</summary>
    protected virtual Task<string[]> PrepareAsync() => Task.FromResult(Array.Empty<string>());

    public string Folder => _folder;

    /// <summary>The node the tests talk to (in a cluster, the gateway).</summary>
    public NodeHost Node { get; protected set; } = null!;

    public Uri NodeUrl => Node.Url;

    public Uri GrpcUrl => Node.GrpcUrl;

    public Uri ManagementUrl => Node.ManagementUrl;

    /// <summary>The arguments the node was started with (a test can start another node with some of them changed: later ones win).</summary>
    public IReadOnlyList<string> NodeArguments { get; private set; } = [];

    /// <summary>Everything the nodes printed so far (for failure messages).</summary>
    public virtual string NodeOutput => Node.Output;

    /// <summary>The settings every node of this fixture shares: the chain, the terms, the fee payer.</summary>
    protected string[] CommonArguments =>
    [
        "--Node:RpcUrl", RpcUrl.ToString(), "--Node:Network", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
        "--Node:FeePayerKeypair", Path.Combine(_folder, "fee-payer.json"), "--Node:PayTo", PayTo.PublicKey.ToString(),
        "--Node:Mint", Mint.ToString(), "--Node:Price", Price.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    /// <summary>Starts the nodes; by default one embedded node (gateway and worker, file storage).</summary>
    protected virtual async Task StartNodesAsync(string[] extraArguments)
    {
        NodeArguments = [.. CommonArguments, "--Node:StateFolder", StateFolder, .. extraArguments];
        Node = new NodeHost("node", NodeArguments);
        await Node.StartAsync();
    }

    /// <summary>Starts the node process again after <see cref="KillNodeAsync"/>: same keys, same job store.</summary>
    public Task StartNodeAsync() => Node.StartAsync();

    /// <summary>Kills the node process at once (SIGKILL): no shutdown, no flushing.</summary>
    public Task KillNodeAsync() => Node.KillAsync();

    // An initialised SPL Token mint: authority (COption), supply, decimals, initialised, no freeze authority.
    private static byte[] MintData(PublicKey authority)
    {
        var data = new byte[82];
        BinaryPrimitives.WriteUInt32LittleEndian(data, 1);
        authority.ToBytes().CopyTo(data, 4);
        data[44] = 6;
        data[45] = 1;
        return data;
    }

    protected virtual async Task DisposeNodesAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
    }

    public async Task<ulong> BalanceAsync(PublicKey tokens) => (await Rpc.GetTokenAccountBalanceAsync(tokens)).Amount;

    public override async ValueTask DisposeAsync()
    {
        await DisposeNodesAsync();
        Directory.Delete(_folder, recursive: true);
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The exact-only node with a low limit on unpaid requests, so that a test can reach it.</summary>
public sealed class RateLimitedNodeFixture : NodeFixture
{
    public const int UnpaidPerMinute = 5;

    /// <summary>The reverse proxy the node trusts: the tests' own loopback address. Clients that are not the proxy connect from 127.0.0.2.</summary>
    public const string Proxy = "127.0.0.1";

    protected override Task<string[]> PrepareAsync() => Task.FromResult<string[]>(
        ["--Node:UnpaidRequestsPerMinute", UnpaidPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "--Node:KnownProxies:0", Proxy]);
}
