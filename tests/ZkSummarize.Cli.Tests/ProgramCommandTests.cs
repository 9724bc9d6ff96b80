using System.Security.Cryptography;
using System.Text.Json;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Cli.Tests;

/// <summary>
/// `zks program` against a dev chain with its dev-only methods switched off: the escrow program goes through the
/// real upgradeable loader as on devnet, and only the upgrade authority the loader records may initialise it.
/// </summary>
public sealed class ProgramCommandTests(StandardRpcChainFixture chain) : IClassFixture<StandardRpcChainFixture>, IDisposable
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly SolanaRpcClient _rpc = SolanaRpcClient.Create(chain.RpcUrl);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zks-program-");

    private static string BuiltProgram => RepoPaths.Combine("src", "onchain", "build", "zksummarize_escrow.so");

    [Fact]
    public async Task Zks_deploys_through_the_loader_only_its_upgrade_authority_initialises_and_verify_tells_the_build_from_other_bytes()
    {
        await OnchainBuild.EnsureProgramFileAsync();
        var build = await File.ReadAllBytesAsync(BuiltProgram, Ct);
        var (payer, payerFile) = await FundedKeyAsync("payer");
        var (authority, authorityFile) = await FundedKeyAsync("authority");
        var programFile = Path.Combine(_dir.FullName, "program.json");
        string[] signing = ["--rpc", chain.RpcUrl.ToString(), "--keypair", payerFile, "--upgrade-authority", authorityFile];

        var deploy = await Zks(["program", "deploy", .. signing, "--program-keypair", programFile, "--program-file", BuiltProgram, "--buffer", Path.Combine(_dir.FullName, "buffer.json")]);
        Assert.True(deploy.ExitCode == 0, deploy.Output + deploy.Error);
        // A fresh buffer: every chunk is written in the first round (how many follows the program's size).
        Assert.Matches(@"round 1: 0 of (\d+) chunks already written, writing \1\b", Flat(deploy.Output));
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "buffer.json"))); // the deploy consumed the buffer
        using var programKey = Keypair.LoadSolanaKeygenFile(programFile);
        var program = new EscrowProgram(programKey.PublicKey);
        var id = program.ProgramId.ToString();

        var show = await Zks(["program", "show", id, "--rpc", chain.RpcUrl.ToString()]);
        Assert.True(show.ExitCode == 0, show.Output);
        Assert.Contains($"ProgramData            {program.ProgramDataAddress}", show.Output, StringComparison.Ordinal);
        Assert.Contains($"Upgrade authority      {authority.PublicKey}", show.Output, StringComparison.Ordinal);
        Assert.Contains($"Data length            {build.Length} bytes (room for {build.Length * 2})", show.Output, StringComparison.Ordinal);
        Assert.Contains($"SHA-256                {Hash(build)}", show.Output, StringComparison.Ordinal);

        // The program runs, and InitializeConfig checks its signer against the authority the loader wrote into ProgramData.
        var (mint, treasury) = await MintAndTreasuryAsync(payer);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _rpc.SendAsync([program.InitializeConfig(payer.PublicKey, mint, treasury, 500)], [payer], Ct));
        Assert.Equal(EscrowError.NotUpgradeAuthority, ProgramError(refused));
        await _rpc.SendAsync([program.InitializeConfig(authority.PublicKey, mint, treasury, 500)], [authority], Ct);
        var config = EscrowProgram.DecodeConfig((await _rpc.GetAccountInfoAsync(program.FindConfig().Address, cancellationToken: Ct))!.Data);
        Assert.Equal(authority.PublicKey, config.Admin);

        var verified = await Zks(["program", "verify", id, "--rpc", chain.RpcUrl.ToString(), "--program-file", BuiltProgram]);
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Contains("Verified", verified.Output, StringComparison.Ordinal);

        // Only the upgrade authority may upgrade; then the chain runs other bytes, and verify says so.
        var other = Path.Combine(_dir.FullName, "other.so");
        var otherBytes = OtherSeed(build);
        await File.WriteAllBytesAsync(other, otherBytes, Ct);
        var stranger = await Zks(["program", "upgrade", id, "--rpc", chain.RpcUrl.ToString(), "--keypair", payerFile, "--program-file", other, "--buffer", Path.Combine(_dir.FullName, "b1.json")]);
        Assert.Equal(1, stranger.ExitCode);
        Assert.Contains($"The upgrade authority of {id} is {authority.PublicKey}, not {payer.PublicKey}", Flat(stranger.Output), StringComparison.Ordinal);
        var upgrade = await Zks(["program", "upgrade", id, .. signing, "--program-file", other, "--buffer", Path.Combine(_dir.FullName, "b2.json")]);
        Assert.True(upgrade.ExitCode == 0, upgrade.Output + upgrade.Error);
        using var worker = Keypair.Generate();
        await _rpc.SendAsync([program.RegisterWorker(payer.PublicKey, worker.PublicKey)], [payer], Ct); // the upgraded program runs from the next slot
        var mismatch = await Zks(["program", "verify", id, "--rpc", chain.RpcUrl.ToString(), "--program-file", BuiltProgram]);
        Assert.True(mismatch.ExitCode == 3, mismatch.Output);
        Assert.Contains("Mismatch", mismatch.Output, StringComparison.Ordinal);
        Assert.Contains($"On chain  {Hash(otherBytes)}", mismatch.Output, StringComparison.Ordinal);

        // Back to the build, checked by rebuilding it from source as an outsider would.
        var back = await Zks(["program", "upgrade", id, .. signing, "--program-file", BuiltProgram, "--buffer", Path.Combine(_dir.FullName, "b3.json")]);
        Assert.True(back.ExitCode == 0, back.Output + back.Error);
        var rebuilt = await Zks(["program", "verify", id, "--rpc", chain.RpcUrl.ToString()]);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Output);
        Assert.Contains("(built from source)", Flat(rebuilt.Output), StringComparison.Ordinal);
        Assert.Contains($"On chain  {Hash(build)}", rebuilt.Output, StringComparison.Ordinal);

        // The authority moves to a cold key (which signs too), then goes for good: nobody can upgrade any more.
        var (cold, coldFile) = await FundedKeyAsync("cold");
        var handed = await Zks(["program", "set-authority", id, .. signing, "--new-authority", coldFile]);
        Assert.True(handed.ExitCode == 0, handed.Output);
        Assert.Contains($"Upgrade authority      {cold.PublicKey}", (await Zks(["program", "show", id, "--rpc", chain.RpcUrl.ToString()])).Output, StringComparison.Ordinal);
        var final = await Zks(["program", "set-authority", id, "--rpc", chain.RpcUrl.ToString(), "--keypair", payerFile, "--upgrade-authority", coldFile, "--final"]);
        Assert.True(final.ExitCode == 0, final.Output);
        Assert.Contains("Upgrade authority      none (immutable)", (await Zks(["program", "show", id, "--rpc", chain.RpcUrl.ToString()])).Output, StringComparison.Ordinal);
        var frozen = await Zks(["program", "upgrade", id, "--rpc", chain.RpcUrl.ToString(), "--keypair", coldFile, "--program-file", other, "--buffer", Path.Combine(_dir.FullName, "b4.json")]);
        Assert.Equal(1, frozen.ExitCode);
        Assert.Contains($"{id} is immutable", Flat(frozen.Output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_independent_client_deploys_our_program_with_solana_program_loader_v3_and_zks_verifies_it()
    {
        await OnchainBuild.EnsureProgramFileAsync();
        var (authority, authorityFile) = await FundedKeyAsync("authority");
        var script = RepoPaths.Combine("tests", "js", "solana", "deploy-loader-v3.mjs");
        var result = await NodeScript.RunCheckedAsync(script, [chain.RpcUrl.ToString(), chain.Chain.WebSocketUrl.ToString(), BuiltProgram, authorityFile], TimeSpan.FromSeconds(120), Ct);
        using var json = JsonDocument.Parse(result.LastLine);
        var program = new EscrowProgram(PublicKey.Parse(json.RootElement.GetProperty("programId").GetString()!));
        Assert.Equal(program.ProgramDataAddress.ToString(), json.RootElement.GetProperty("programData").GetString());

        var verified = await Zks(["program", "verify", program.ProgramId.ToString(), "--rpc", chain.RpcUrl.ToString(), "--program-file", BuiltProgram]);
        Assert.True(verified.ExitCode == 0, verified.Output);
        var show = await Zks(["program", "show", program.ProgramId.ToString(), "--rpc", chain.RpcUrl.ToString()]);
        Assert.Contains($"Upgrade authority      {authority.PublicKey}", show.Output, StringComparison.Ordinal);

        // Deployed by kit, initialised by the authority it named.
        var (mint, treasury) = await MintAndTreasuryAsync(authority);
        await _rpc.SendAsync([program.InitializeConfig(authority.PublicKey, mint, treasury, 500)], [authority], Ct);
    }

    [Fact]
    public async Task Zks_network_check_names_what_is_wrong_with_a_misconfigured_network_and_passes_once_it_is_fixed()
    {
        await OnchainBuild.EnsureProgramFileAsync();
        var build = await File.ReadAllBytesAsync(BuiltProgram, Ct);
        var (authority, authorityFile) = await FundedKeyAsync("authority");
        var (operatorKey, operatorFile) = await FundedKeyAsync("operator");
        var (worker, _) = await FundedKeyAsync("worker");
        using var feePayer = Keypair.Generate(); // never funded
        using var payTo = Keypair.Generate(); // no USDC account yet
        var other = Path.Combine(_dir.FullName, "other.so");
        await File.WriteAllBytesAsync(other, OtherSeed(build), Ct);
        var programFile = Path.Combine(_dir.FullName, "program.json");
        string[] rpc = ["--rpc", chain.RpcUrl.ToString()];
        var deploy = await Zks(["program", "deploy", .. rpc, "--keypair", authorityFile, "--program-keypair", programFile, "--program-file", other, "--buffer", Path.Combine(_dir.FullName, "b.json")]);
        Assert.True(deploy.ExitCode == 0, deploy.Output);
        using var programKey = Keypair.LoadSolanaKeygenFile(programFile);
        var id = programKey.PublicKey.ToString();
        var (mint, _) = await MintAndTreasuryAsync(authority);
        string[] network = [.. rpc, "--program", id, "--mint", mint.ToString()];
        string[] init = ["network", "init", .. network, "--upgrade-authority", authorityFile, "--treasury-owner", Keypair.Generate().PublicKey.ToString()];
        var devKey = await Zks([.. init, "--verifying-key", RepoPaths.Combine("circuits", "verification_key.dev.json")]);
        Assert.True(devKey.ExitCode == 0, devKey.Output);
        var register = await Zks(["worker", "register", .. network, "--operator-keypair", operatorFile, "--worker", worker.PublicKey.ToString()]);
        Assert.True(register.ExitCode == 0, register.Output);
        string[] check = ["network", "check", .. network, "--program-file", BuiltProgram, "--fee-payer", feePayer.PublicKey.ToString(), "--worker", worker.PublicKey.ToString(),
            "--pay-to", payTo.PublicKey.ToString(), "--operator", operatorKey.PublicKey.ToString()];

        var wrong = await Zks(check);
        Assert.True(wrong.ExitCode == 3, wrong.Output);
        var report = Flat(wrong.Output);
        Assert.Contains($"✗ The program at {id} is not the build from source: its bytes differ. Fix: upgrade it to the build", report, StringComparison.Ordinal);
        Assert.Contains($"not the expected {Core.Receipts.TrustedKeys.Ceremony.Hash}. Fix: pin the right key", report, StringComparison.Ordinal);
        Assert.Contains($"✗ Fee payer {feePayer.PublicKey} holds 0 SOL, less than 0.1. Fix: send it SOL", report, StringComparison.Ordinal);
        Assert.Contains($"✓ Worker {worker.PublicKey} is registered under operator {operatorKey.PublicKey}", report, StringComparison.Ordinal);
        Assert.Contains($"✗ PayTo {payTo.PublicKey}'s USDC account {AssociatedTokenProgram.GetAssociatedTokenAddress(payTo.PublicKey, mint)} does not exist. Fix: create it", report, StringComparison.Ordinal);
        Assert.Contains("4 check(s) failed", report, StringComparison.Ordinal);

        // The operator fixes each: the build, the ceremony key (init's default), SOL for the fee payer, PayTo's USDC account.
        Assert.Equal(0, (await Zks(["program", "upgrade", id, .. rpc, "--keypair", authorityFile, "--program-file", BuiltProgram, "--buffer", Path.Combine(_dir.FullName, "b2.json")])).ExitCode);
        var ceremonyKey = await Zks(init);
        Assert.True(ceremonyKey.ExitCode == 0, ceremonyKey.Output);
        Assert.Contains("already initialised with these terms", Flat(ceremonyKey.Output), StringComparison.Ordinal);
        await _rpc.ConfirmTransactionAsync(await _rpc.RequestAirdropAsync(feePayer.PublicKey, 1_000_000_000, Ct), cancellationToken: Ct);
        await new TokenClient(_rpc).CreateAssociatedTokenAccountAsync(authority, payTo.PublicKey, mint, Ct);
        var ready = await Zks(check);
        Assert.True(ready.ExitCode == 0, ready.Output);
        Assert.Contains("The network is ready to take payments", ready.Output, StringComparison.Ordinal);
    }

    /// <summary>The build with one letter of a PDA seed in .rodata changed ("direct" to "dirEct"): still a valid program, as if built from other source.</summary>
    private static byte[] OtherSeed(byte[] build)
    {
        var other = build.ToArray();
        var at = other.AsSpan().IndexOf("direct\0"u8);
        Assert.True(at > 0, "the build has no \"direct\" seed in .rodata");
        other[at + 3] = (byte)'E';
        return other;
    }

    private async Task<(Keypair Key, string File)> FundedKeyAsync(string name)
    {
        var key = Keypair.Generate();
        await _rpc.ConfirmTransactionAsync(await _rpc.RequestAirdropAsync(key.PublicKey, 10_000_000_000, Ct), cancellationToken: Ct);
        var file = Path.Combine(_dir.FullName, $"{name}.json");
        key.SaveSolanaKeygenFile(file);
        return (key, file);
    }

    /// <summary>A USDC-like mint and a treasury account for it, made by transactions (no dev method).</summary>
    private async Task<(PublicKey Mint, PublicKey Treasury)> MintAndTreasuryAsync(Keypair payer)
    {
        using var mint = Keypair.Generate();
        var tokens = new TokenClient(_rpc);
        await tokens.CreateMintAsync(payer, mint, 6, payer.PublicKey, Ct);
        return (mint.PublicKey, await tokens.CreateAssociatedTokenAccountAsync(payer, Keypair.Generate().PublicKey, mint.PublicKey, Ct));
    }

    private static EscrowError? ProgramError(Exception e) => EscrowProgram.ErrorFromTransactionError(e switch
    {
        SolanaRpcException rpc => rpc.TransactionError,
        TransactionFailedException failed => failed.Error,
        _ => throw new Xunit.Sdk.XunitException($"Not a refused transaction: {e}"),
    });

    private static Task<ZksProcess.Result> Zks(string[] args) => ZksProcess.RunAsync(args, Ct);

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Flat(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");

    public void Dispose() => _dir.Delete(recursive: true);
}
