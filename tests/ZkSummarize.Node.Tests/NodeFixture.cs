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
    public string ClientKeyFile => Path.Combine(_folder, "client.json");

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

    private async Task StartNodeAsync(string[] extraArguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in (string[])
        [
            Path.Combine(AppContext.BaseDirectory, "ZkSummarize.Node.dll"), "--urls", "http://127.0.0.1:0",
            "--Node:RpcUrl", RpcUrl.ToString(), "--Node:Network", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
            "--Node:FeePayerKeypair", Path.Combine(_folder, "fee-payer.json"), "--Node:PayTo", PayTo.PublicKey.ToString(),
            "--Node:Mint", DevnetUsdc, "--Node:Price", Price.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. extraArguments,
        ])
        {
            start.ArgumentList.Add(arg);
        }
        _node = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        _node.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        _node.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        _node.BeginOutputReadLine();
        _node.BeginErrorReadLine();
        var exited = _node.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(120)));
        if (first != listening.Task) throw new InvalidOperationException($"The node did not start:\n{output}");
        NodeUrl = await listening.Task;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();

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
        if (_node is { HasExited: false })
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }
        _node?.Dispose();
        Directory.Delete(_folder, recursive: true);
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
