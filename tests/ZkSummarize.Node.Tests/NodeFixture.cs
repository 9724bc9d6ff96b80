using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.RegularExpressions;
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
public partial class NodeFixture : DevChainFixture
{
    public const string DevnetUsdc = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
    public const ulong Price = 250_000;
    private Process? _node;
    private readonly string _folder = Directory.CreateTempSubdirectory("zks-node-").FullName;

    public Keypair MintAuthority { get; } = Keypair.Generate();
    public Keypair FeePayer { get; } = Keypair.Generate();
    public Keypair PayTo { get; } = Keypair.Generate();
    public Keypair Client { get; } = Keypair.Generate();
    public PublicKey Mint { get; } = PublicKey.Parse(DevnetUsdc);
    public PublicKey PayToTokens { get; private set; }
    public PublicKey ClientTokens { get; private set; }
    public SolanaRpcClient Rpc { get; private set; } = null!;
    public Uri NodeUrl { get; private set; } = null!;

    public Uri GrpcUrl { get; private set; } = null!;
    public string ClientKeyFile => Path.Combine(_folder, "client.json");

    /// <summary>The node's job store: it outlives a restart of the node process.</summary>
    public string StateFolder => Path.Combine(_folder, "state");

    private readonly int _siloPort = FreePort();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void Configure(DevChainOptions options) => options.GenesisHash = DevChainOptions.DevnetGenesisHash;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Rpc = SolanaRpcClient.Create(RpcUrl);
        foreach (var k in new[] { MintAuthority, FeePayer, Client }) await Rpc.ConfirmTransactionAsync(await Rpc.RequestAirdropAsync(k.PublicKey, 2_000_000_000));
        await Admin.SetAccountAsync(DevnetUsdc, 1_461_600, MintData(MintAuthority.PublicKey), TokenProgram.ProgramId.ToString());
        var tokens = new TokenClient(Rpc);
        PayToTokens = await tokens.CreateAssociatedTokenAccountAsync(MintAuthority, PayTo.PublicKey, Mint);
        ClientTokens = await tokens.CreateAssociatedTokenAccountAsync(MintAuthority, Client.PublicKey, Mint);
        await tokens.MintToAsync(MintAuthority, Mint, ClientTokens, MintAuthority, 10 * Price);
        Client.SaveSolanaKeygenFile(ClientKeyFile);
        FeePayer.SaveSolanaKeygenFile(Path.Combine(_folder, "fee-payer.json"));
        await StartNodeAsync(await PrepareAsync());
    }

    /// <summary>Extra node arguments (a subclass deploys the escrow program and passes its id).</summary>
    protected virtual Task<string[]> PrepareAsync() => Task.FromResult(Array.Empty<string>());

    protected string Folder => _folder;

    private string[] _extraArguments = [];
    private readonly System.Text.StringBuilder _output = new();

    /// <summary>Everything the node process printed so far (for failure messages).</summary>
    public string NodeOutput
    {
        get { lock (_output) return _output.ToString(); }
    }

    private Task StartNodeAsync(string[] extraArguments)
    {
        _extraArguments = extraArguments;
        return StartNodeAsync();
    }

    /// <summary>Starts the node process (again, after <see cref="KillNodeAsync"/>: same keys, same job store).</summary>
    public async Task StartNodeAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in (string[])
        [
            Path.Combine(AppContext.BaseDirectory, "ZkSummarize.Node.dll"), "--Node:HttpUrl", "http://127.0.0.1:0", "--Node:GrpcUrl", "http://127.0.0.1:0",
            "--Node:RpcUrl", RpcUrl.ToString(), "--Node:Network", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
            "--Node:FeePayerKeypair", Path.Combine(_folder, "fee-payer.json"), "--Node:PayTo", PayTo.PublicKey.ToString(),
            "--Node:Mint", DevnetUsdc, "--Node:Price", Price.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Node:StateFolder", StateFolder, "--Node:SiloPort", _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. _extraArguments,
        ])
        {
            start.ArgumentList.Add(arg);
        }
        _node = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _node.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.AppendLine(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
            if (GrpcListening().Match(e.Data) is { Success: true } g) GrpcUrl = new Uri(g.Groups[1].Value);
        };
        _node.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _node.BeginOutputReadLine();
        _node.BeginErrorReadLine();
        var exited = _node.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(120)));
        if (first != listening.Task) throw new InvalidOperationException($"The node did not start:\n{NodeOutput}");
        NodeUrl = await listening.Task;
    }

    /// <summary>Kills the node process at once (SIGKILL): no shutdown, no flushing.</summary>
    public async Task KillNodeAsync()
    {
        if (_node is { HasExited: false })
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }
        _node?.Dispose();
        _node = null;
    }

    [GeneratedRegex(@"HTTP API: (http://\S+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"gRPC: (http://\S+)")]
    private static partial Regex GrpcListening();

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

    public async Task<ulong> BalanceAsync(PublicKey tokens) => (await Rpc.GetTokenAccountBalanceAsync(tokens)).Amount;

    public override async ValueTask DisposeAsync()
    {
        await KillNodeAsync();
        Directory.Delete(_folder, recursive: true);
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
