using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// The node with the escrow scheme: the program built from source (its upgrade authority initialises it)
/// and configured with a treasury, a 5% fee and the project's ceremony key (the chain poses as devnet, where
/// a node refuses the development key), and an operator that registered the node's worker.
/// </summary>
public class EscrowNodeFixture : NodeFixture
{
    public Keypair Worker { get; } = Keypair.Generate();
    public Keypair ProgramAdmin { get; } = Keypair.Generate();
    public Keypair TreasuryOwner { get; } = Keypair.Generate();
    public Keypair Operator { get; } = Keypair.Generate();
    /// <summary>The program id's keypair (a deploy with the loader creates the program account, which signs).</summary>
    public Keypair ProgramKeypair { get; } = Keypair.Generate();
    public EscrowProgram Program => new(ProgramKeypair.PublicKey);
    public PublicKey Treasury { get; private set; }
    public string OperatorKeyFile => Path.Combine(Folder, "operator.json");

    /// <summary>More node settings, for fixtures that need other terms.</summary>
    protected virtual string[] NodeSettings => [];

    protected override async Task<string[]> PrepareAsync()
    {
        await CircuitBuild.EnsureBuiltAsync();
        foreach (var k in new[] { Worker, ProgramAdmin, Operator }) await Rpc.ConfirmTransactionAsync(await Rpc.RequestAirdropAsync(k.PublicKey, 5_000_000_000));
        Operator.SaveSolanaKeygenFile(OperatorKeyFile);
        await DeployProgramAsync();
        var (verifyingKey, provingArguments) = await ProvingKeyAsync();
        Treasury = await ConfigureProgramAsync(verifyingKey);
        VerifyingKeyHash = EscrowProgram.VerifyingKeyHash(verifyingKey); // every setup puts this key in slot 0, whichever way it configures
        var workerFile = Path.Combine(Folder, "worker.json");
        Worker.SaveSolanaKeygenFile(workerFile);
        var payToFile = Path.Combine(Folder, "pay-to.json"); // so that the node pays workers their share of `exact` payments
        PayTo.SaveSolanaKeygenFile(payToFile);
        return ["--Node:ProgramId", Program.ProgramId.ToString(), "--Node:Operator", Operator.PublicKey.ToString(), "--Node:WorkerKeypair", workerFile,
            "--Node:PayToKeypair", payToFile, "--Node:CircuitFolder", RepoPaths.Combine("circuits", "build"), .. provingArguments, .. NodeSettings];
    }

    /// <summary>Puts the program built from source on the chain, with <see cref="ProgramAdmin"/> as its upgrade authority (by default with dev_addProgram).</summary>
    protected virtual async Task DeployProgramAsync() =>
        await Admin.AddProgramAsync(Program.ProgramId.ToString(), await OnchainBuild.BuildProgramAsync(), ProgramAdmin.PublicKey.ToString());

    /// <summary>The network's setup by its operator: config (treasury, 5% fee) and verifying key by the upgrade authority, the worker registered. Returns the treasury.</summary>
    protected virtual async Task<PublicKey> ConfigureProgramAsync(byte[] verifyingKey)
    {
        var treasury = await new TokenClient(Rpc).CreateAssociatedTokenAccountAsync(ProgramAdmin, TreasuryOwner.PublicKey, Mint);
        await Rpc.SendAsync([Program.InitializeConfig(ProgramAdmin.PublicKey, Mint, treasury, 500)], [ProgramAdmin]);
        await Rpc.SendAsync([Program.SetVerifyingKey(ProgramAdmin.PublicKey, verifyingKey)], [ProgramAdmin]);
        await Rpc.SendAsync([Program.RegisterWorker(Operator.PublicKey, Worker.PublicKey)], [Operator]);
        return treasury;
    }

    /// <summary>The hash of the key the network was set up with (config slot 0): what the fixture's escrows are opened under.</summary>
    public byte[] VerifyingKeyHash { get; private set; } = [];

    /// <summary>The USDC of the client, the worker (0 before its first payout) and the treasury, in base units.</summary>
    public async Task<(ulong Client, ulong Worker, ulong Treasury)> BalancesAsync()
    {
        var workerTokens = AssociatedTokenProgram.GetAssociatedTokenAddress(Worker.PublicKey, Mint);
        var worker = await Rpc.GetAccountInfoAsync(workerTokens) is null ? 0 : await BalanceAsync(workerTokens);
        return (await BalanceAsync(ClientTokens), worker, await BalanceAsync(Treasury));
    }

    /// <summary>Locks the price in an escrow of the fixture's client that no node was asked to prove; returns its request id.</summary>
    public async Task<byte[]> OpenUnprovenEscrowAsync(long deadline, CancellationToken ct)
    {
        var requestId = Core.Commitments.FieldEncoding.NewRequestId();
        await Rpc.SendAsync(Program.OpenEscrowWithVault(Client.PublicKey, ClientTokens, Mint, requestId, new byte[32], Price, deadline, Operator.PublicKey, 2, VerifyingKeyHash), [Client], ct);
        return requestId;
    }

    /// <summary>`zks refund` of that escrow by the client.</summary>
    public string[] RefundArguments(byte[] requestId) =>
        ["refund", Convert.ToHexStringLower(requestId), "--program", Program.ProgramId.ToString(), "--mint", Mint.ToString(), "--keypair", ClientKeyFile, "--rpc", RpcUrl.ToString()];

    private Task<Core.Receipts.Receipt>? _receipt;

    /// <summary>A receipt of the fixture's client, bought once (escrow, two sentences of the test article), for tests that only read one.</summary>
    public Task<Core.Receipts.Receipt> ReceiptAsync() => _receipt ??= BuyReceiptAsync();

    private async Task<Core.Receipts.Receipt> BuyReceiptAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var buyer = new EscrowBuyer(this, http);
        var payment = await buyer.QuoteAndPayAsync(CancellationToken.None);
        var response = await buyer.PostPaidAsync(payment.Payment, CancellationToken.None);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The fixture's purchase failed: {(int)response.StatusCode} {body}\n{NodeOutput}");
        return System.Text.Json.JsonSerializer.Deserialize<SummaryResponse>(body, Payments.X402.X402Headers.Json)!.Receipt
            ?? throw new InvalidOperationException($"The node answered without a receipt: {body}");
    }

    /// <summary>The verifying key the program is configured with (768 bytes), and the node settings that make it prove under that key: the ceremony key.</summary>
    protected virtual async Task<(byte[] VerifyingKey, string[] NodeArguments)> ProvingKeyAsync() =>
        (SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(CeremonyKey.VerificationKey))), ["--Node:ZkeyPath", CeremonyKey.Zkey]);
}

/// <summary>The escrow node with quotes that expire after 15 s, so that a test can watch one being forgotten.</summary>
public sealed class ShortQuotesNodeFixture : EscrowNodeFixture
{
    protected override string[] NodeSettings => ["--Node:QuoteSeconds", "15"];
}

/// <summary>
/// The escrow node on our dev chain's own network, proving under the development key: the one network where a
/// node accepts that key, and where every receipt is FORGEABLE (its setup's secrets come from a public seed).
/// </summary>
public sealed class DevelopmentKeyNodeFixture : EscrowNodeFixture
{
    protected override void Configure(ZkSummarize.DevChain.DevChainOptions options)
    {
        // The dev chain's own genesis hash (NodeFixture poses as devnet, where the development key is refused).
    }

    protected override Task<(byte[] VerifyingKey, string[] NodeArguments)> ProvingKeyAsync() =>
        Task.FromResult((Core.Receipts.TrustedKeys.Development.Key, new[] { "--Node:Network", Core.Receipts.TrustedKeys.DevChainNetwork }));
}

/// <summary>
/// The escrow node before it has measured a proof, assuming a slow one (200 s against the 300 s a quote may
/// promise: half the 600 s escrow), so that one held quote fills its queue until its first real proof.
/// </summary>
public sealed class SlowFirstProofNodeFixture : EscrowNodeFixture
{
    public const int InitialProofSeconds = 200;

    protected override string[] NodeSettings => ["--Node:Admission:InitialProofSeconds", InitialProofSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}

/// <summary>
/// The escrow node whose queue holds one job: a quote held unpaid (for 30 s) fills it, so that other clients
/// are refused with 503 and Retry-After until the hold lapses.
/// </summary>
public sealed class OneJobQueueNodeFixture : EscrowNodeFixture
{
    public const int QuoteHoldSeconds = 30;

    protected override string[] NodeSettings => ["--Node:Admission:MaxQueuedJobs", "1", "--Node:Admission:QuoteHoldSeconds", QuoteHoldSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}

/// <summary>
/// The escrow node with the whole grounding family, every member under its ceremony key: the config holds each
/// member's key in its slot, as `zks network init` sets a network up, the worker has each member's .zkey
/// (Node:Zkeys), and the node quotes the smallest circuit that fits each document.
/// </summary>
public sealed class FamilyNodeFixture : EscrowNodeFixture
{
    protected override Task<(byte[] VerifyingKey, string[] NodeArguments)> ProvingKeyAsync() =>
        Task.FromResult((Core.Receipts.TrustedKeys.Ceremony.Key, Core.Proving.GroundingFamily.Members
            .SelectMany(m => new[] { $"--Node:Zkeys:{m.Name}", RepoPaths.Combine("circuits", "ceremony", m.CeremonyZkeyFile) }).ToArray()));

    protected override async Task<PublicKey> ConfigureProgramAsync(byte[] verifyingKey)
    {
        var treasury = await base.ConfigureProgramAsync(verifyingKey);
        foreach (var circuit in Core.Proving.GroundingFamily.Members.Where(m => m != Core.Proving.GroundingFamily.Full))
        {
            await Rpc.SendAsync([Program.SetVerifyingKey(ProgramAdmin.PublicKey, Core.Receipts.TrustedKeys.CeremonyKeyOf(circuit)!.Key, circuit.KeySlot)], [ProgramAdmin]);
        }
        return treasury;
    }
}
