using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// A network set up as an operator would on devnet, on a dev chain with every dev_* method switched off: the
/// USDC-like mint made by transactions, the program deployed with `zks program deploy` (the upgradeable
/// loader), the config and the ceremony key by `zks network init`, the worker by `zks worker register`.
/// </summary>
public sealed class StandardRpcNodeFixture : EscrowNodeFixture
{
    private string AdminKeyFile => Path.Combine(Folder, "program-admin.json");

    protected override void Configure(DevChainOptions options)
    {
        base.Configure(options);
        options.DevMethods = false;
    }

    protected override async Task<PublicKey> CreateMintAsync()
    {
        using var mint = Keypair.Generate();
        await new TokenClient(Rpc).CreateMintAsync(MintAuthority, mint, 6, MintAuthority.PublicKey);
        return mint.PublicKey;
    }

    protected override async Task DeployProgramAsync()
    {
        await OnchainBuild.EnsureProgramFileAsync();
        ProgramAdmin.SaveSolanaKeygenFile(AdminKeyFile);
        var programKeyFile = Path.Combine(Folder, "program.json");
        ProgramKeypair.SaveSolanaKeygenFile(programKeyFile);
        await ZksAsync(["program", "deploy", "--rpc", RpcUrl.ToString(), "--keypair", AdminKeyFile, "--program-keypair", programKeyFile,
            "--program-file", BuiltProgram, "--buffer", Path.Combine(Folder, "buffer.json")]);
    }

    protected override async Task<PublicKey> ConfigureProgramAsync(byte[] verifyingKey)
    {
        Assert.Equal(Core.Receipts.TrustedKeys.Ceremony.Key, verifyingKey); // what `zks network init` pins unless told otherwise
        string[] network = ["--rpc", RpcUrl.ToString(), "--program", Program.ProgramId.ToString(), "--mint", Mint.ToString()];
        await ZksAsync(["network", "init", .. network, "--upgrade-authority", AdminKeyFile, "--treasury-owner", TreasuryOwner.PublicKey.ToString()]);
        await ZksAsync(["worker", "register", .. network, "--operator-keypair", OperatorKeyFile, "--worker", Worker.PublicKey.ToString()]);
        return AssociatedTokenProgram.GetAssociatedTokenAddress(TreasuryOwner.PublicKey, Mint);
    }

    public static string BuiltProgram => RepoPaths.Combine("src", "onchain", "build", "zksummarize_escrow.so");

    private static async Task ZksAsync(string[] args)
    {
        var (exitCode, output) = await ZksCli.RunAsync(args, CancellationToken.None);
        if (exitCode != 0) throw new InvalidOperationException($"zks {string.Join(' ', args.Take(2))} failed ({exitCode}):\n{output}");
    }
}

/// <summary>issue 19: what works here works against devnet, because the chain answers nothing devnet does not.</summary>
public sealed class StandardRpcNetworkTests(StandardRpcNodeFixture node) : IClassFixture<StandardRpcNodeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<(int ExitCode, string Output)> Zks(string[] args) => ZksCli.RunAsync(args, Ct);

    [Fact]
    public async Task The_paid_flow_runs_without_dev_methods_deploy_setup_pay_prove_attest_verify()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => node.Admin.AdvanceTimeAsync(0, Ct));
        Assert.Contains("switched off", refused.Message, StringComparison.Ordinal);

        var check = await Zks(["network", "check", "--rpc", node.RpcUrl.ToString(), "--program", node.Program.ProgramId.ToString(), "--mint", node.Mint.ToString(),
            "--program-file", StandardRpcNodeFixture.BuiltProgram, "--fee-payer", node.FeePayer.PublicKey.ToString(), "--worker", node.Worker.PublicKey.ToString(),
            "--pay-to", node.PayTo.PublicKey.ToString(), "--operator", node.Operator.PublicKey.ToString()]);
        Assert.True(check.ExitCode == 0, check.Output);

        var before = await node.BalancesAsync();
        var dir = Directory.CreateTempSubdirectory("zks-standard-");
        try
        {
            var document = Path.Combine(dir.FullName, "article.txt");
            var receipt = Path.Combine(dir.FullName, "receipt.json");
            await File.WriteAllTextAsync(document, TestDocuments.Article, Ct);
            var run = await Zks(["summarize", document, "--node", node.NodeUrl.ToString(), "--keypair", node.ClientKeyFile, "--rpc", node.RpcUrl.ToString(), "--sentences", "2",
                "--receipt", receipt, "--program", node.Program.ProgramId.ToString()]);
            Assert.True(run.ExitCode == 0, run.Output + node.NodeOutput);
            var verify = await Zks(["verify", receipt, "--rpc", node.RpcUrl.ToString()]);
            Assert.True(verify.ExitCode == 0, verify.Output);
            Assert.Contains("on chain matches", ZksCli.Flat(verify.Output), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        var after = await node.BalancesAsync();
        Assert.Equal(before.Client - NodeFixture.Price, after.Client);
        Assert.Equal(NodeFixture.Price * 5 / 100, after.Treasury - before.Treasury); // the 5% fee
        Assert.Equal(NodeFixture.Price * 95 / 100, after.Worker - before.Worker);
    }

    [Fact]
    public async Task A_client_takes_an_unproven_escrow_back_once_the_chain_clock_passes_its_deadline()
    {
        // No time travel here: the real clock has to pass the deadline. The margin covers opening the escrow and the early
        // refund attempt (a CLI subprocess each), which took over 3 s on a loaded CI machine and let the refund through early.
        var deadline = (await node.Rpc.GetClockAsync(Ct)).UnixTimestamp + 12;
        var before = await node.BalanceAsync(node.ClientTokens);
        var requestId = await node.OpenUnprovenEscrowAsync(deadline, Ct);
        Assert.Equal(before - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens));
        var refund = node.RefundArguments(requestId);

        var early = await Zks(refund);
        Assert.True((await node.Rpc.GetClockAsync(Ct)).UnixTimestamp <= deadline, "the early attempt outlasted the margin; the test proves nothing");
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("deadline has not passed", ZksCli.Flat(early.Output), StringComparison.Ordinal);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await node.Rpc.GetClockAsync(Ct)).UnixTimestamp <= deadline)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the chain's clock did not pass the deadline");
            await Task.Delay(500, Ct);
        }

        var done = await Zks(refund);
        Assert.True(done.ExitCode == 0, done.Output);
        Assert.Equal(before, await node.BalanceAsync(node.ClientTokens));
    }
}
