using System.CommandLine;
using Spectre.Console;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks network init | check`: an operator sets up a deployed escrow program on a public cluster (config and
/// ceremony key, signed by the upgrade authority), and checks a live network before a node takes payments.
/// </summary>
internal static class NetworkCommand
{
    /// <summary>Below this a fee payer or worker soon cannot pay for attestations (fee and attestation rent, about 0.002 SOL each).</summary>
    private const double DefaultMinimumSol = 0.1;

    public static Command Create() => new("network", "Set up a deployed program on a cluster (config, verifying key) and check a live network before taking payments.") { Init(), Check() };

    /// <summary>The options both commands share: the cluster, the program, the mint and the key.</summary>
    private sealed class Target
    {
        public Option<string> Rpc { get; } = ProgramCommand.RpcOption();

        public Option<string> Program { get; } = new("--program") { Description = "The deployed escrow program's id.", Required = true };

        public Option<string?> Mint { get; } = new("--mint") { Description = "The USDC mint (default: Circle's USDC on devnet or mainnet, found from the cluster's genesis hash)." };

        public Option<FileInfo?> VerifyingKey { get; } = new("--verifying-key") { Description = "The verifying key (snarkjs JSON) escrows are opened under (default: the project's ceremony key, circuits/verification_key.json)." };

        public void AddTo(Command command)
        {
            command.Add(Rpc);
            command.Add(Program);
            command.Add(Mint);
            command.Add(VerifyingKey);
        }

        public async Task<(SolanaRpcClient Rpc, EscrowProgram Program, PublicKey Mint, byte[] Key)> ReadAsync(ParseResult parse, CancellationToken ct)
        {
            var rpc = SolanaRpcClient.Create(CliUri.Parse(parse.GetValue(Rpc), "--rpc"));
            var mint = parse.GetValue(Mint) is { } text ? PublicKey.Parse(text)
                : UsdcMints.ForGenesisHash(await rpc.GetGenesisHashAsync(ct))
                  ?? throw new ArgumentException("This cluster is neither devnet nor mainnet, so it has no known USDC mint: give --mint.");
            var key = parse.GetValue(VerifyingKey) is { } file
                ? SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(file.FullName, ct)))
                : TrustedKeys.Ceremony.Key;
            return (rpc, new EscrowProgram(PublicKey.Parse(parse.GetValue(Program)!)), mint, key);
        }
    }

    private static Command Init()
    {
        var target = new Target();
        var authority = new Option<FileInfo>("--upgrade-authority") { Description = "The program's upgrade authority (solana-keygen JSON): only it may initialise the config; it signs and pays.", Required = true };
        var treasuryOwner = new Option<string>("--treasury-owner") { Description = "Who receives the protocol fee: its USDC account (created if missing) becomes the treasury.", Required = true };
        var fee = new Option<ushort>("--fee-bps") { Description = "The protocol fee in basis points of each payment.", DefaultValueFactory = _ => 500 };
        var circuitKeys = new Option<string[]>("--circuit-key")
        {
            Description = "NAME=FILE: the verifying key (snarkjs JSON) of a smaller grounding circuit (grounding_d6k4, grounding_d10k8), from your own ceremony. Repeatable. "
                + "Default: the project's ceremony key of it (circuits/verification_key.NAME.json).",
        };
        var command = new Command("init", "Initialise the program's config (mint, treasury, fee) and pin the verifying key of every grounding circuit, signed by the upgrade authority. Safe to run again.")
        {
            authority, treasuryOwner, fee, circuitKeys,
        };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandErrors.RunAsync("Not set up", async () =>
        {
            var (rpc, program, mint, key) = await target.ReadAsync(parse, ct);
            using var admin = Keypair.LoadSolanaKeygenFile(parse.GetValue(authority)!.FullName);
            var owner = PublicKey.Parse(parse.GetValue(treasuryOwner)!);
            var treasury = await new TokenClient(rpc).CreateAssociatedTokenAccountAsync(admin, owner, mint, ct);
            var config = await ReadConfigAsync(rpc, program, ct);
            if (config is null)
            {
                await rpc.SendAsync([program.InitializeConfig(admin.PublicKey, mint, treasury, parse.GetValue(fee))], [admin], ct);
                AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Config initialised: mint {mint}, treasury {treasury}, fee {parse.GetValue(fee) / 100.0:0.##}%.");
            }
            else if (config.Mint != mint || config.Treasury != treasury || config.FeeBasisPoints != parse.GetValue(fee))
            {
                throw new InvalidOperationException(
                    $"The config exists with other terms (mint {config.Mint}, treasury {config.Treasury}, fee {config.FeeBasisPoints} bp); it cannot be changed. Deploy a new program for other terms.");
            }
            else
            {
                AnsiConsole.MarkupLine("[green]✓[/] The config is already initialised with these terms.");
            }

            var devChain = $"solana:{(await rpc.GetGenesisHashAsync(ct))[..32]}" == TrustedKeys.DevChainNetwork;
            var memberKeys = await MemberKeysAsync(parse.GetValue(circuitKeys) ?? [], key, devChain, ct);
            foreach (var circuit in GroundingFamily.Members.OrderBy(m => m.KeySlot))
            {
                if (memberKeys.GetValueOrDefault(circuit) is not { } memberKey)
                {
                    AnsiConsole.MarkupLineInterpolated($"[yellow]![/] {circuit.Name} (slot {circuit.KeySlot}) has no key: give --circuit-key {circuit.Name}=FILE from its ceremony. Until then nodes prove its documents with a larger circuit.");
                    continue;
                }
                var hash = Convert.ToHexStringLower(EscrowProgram.VerifyingKeyHash(memberKey));
                if (config is not null && Convert.ToHexStringLower(config.VerifyingKeyHashes[circuit.KeySlot]) == hash)
                {
                    AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {circuit.Name} (slot {circuit.KeySlot}): verifying key {hash} is already current.");
                    continue;
                }
                await rpc.SendAsync([program.SetVerifyingKey(admin.PublicKey, memberKey, circuit.KeySlot)], [admin], ct);
                AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {circuit.Name} (slot {circuit.KeySlot}): escrows are now opened under verifying key {hash}.");
            }

            AnsiConsole.MarkupLine("Next: register each worker (zks worker register), then check the network (zks network check).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Check()
    {
        var target = new Target();
        var programFile = new Option<FileInfo?>("--program-file") { Description = "The build the program must be (default: built from this checkout's source)." };
        var feePayer = new Option<string[]>("--fee-payer") { Description = "A fee payer's public key (the node's Node:FeePayerKeypair). Repeatable." };
        var workers = new Option<string[]>("--worker") { Description = "A worker's public key (Node:WorkerKeypair). Repeatable." };
        var payTo = new Option<string[]>("--pay-to") { Description = "A wallet that receives `exact` payments (Node:PayTo): its USDC account must exist. Repeatable." };
        var operatorKey = new Option<string?>("--operator") { Description = "The operator (Node:Operator): each worker must be registered under it." };
        var minimum = new Option<double>("--min-sol") { Description = "The least SOL a fee payer or worker should hold.", DefaultValueFactory = _ => DefaultMinimumSol };
        var command = new Command("check", "Check a live network before a node takes payments: the program is the verified build, the config and key are as expected, fee payers and workers hold SOL, the USDC accounts exist. Exit code 3 when a check fails.")
        {
            programFile, feePayer, workers, payTo, operatorKey, minimum,
        };
        target.AddTo(command);
        command.SetAction((parse, ct) => CommandErrors.RunAsync("Cannot check the network", async () =>
        {
            var (rpc, program, mint, key) = await target.ReadAsync(parse, ct);
            var (build, _) = await ConsoleSteps.Step("Building the program from source", () => ProgramBuild.LoadOrBuildAsync(parse.GetValue(programFile), ct));
            var check = new NetworkCheck(rpc, program, mint, key, (ulong)(parse.GetValue(minimum) * 1e9));
            List<PublicKey> Keys(Option<string[]> option) => (parse.GetValue(option) ?? []).Select(PublicKey.Parse).ToList();
            var findings = await check.RunAsync(build, Keys(feePayer), Keys(workers), Keys(payTo), parse.GetValue(operatorKey) is { } op ? PublicKey.Parse(op) : null, ct);
            foreach (var finding in findings)
            {
                if (finding.Ok) AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {finding.What}");
                else AnsiConsole.MarkupLineInterpolated($"[red]✗[/] {finding.What} [yellow]Fix:[/] {finding.Fix}");
            }

            var failed = findings.Count(f => !f.Ok);
            if (failed == 0)
            {
                AnsiConsole.MarkupLine("[green]The network is ready to take payments.[/]");
                return ExitCodes.Success;
            }

            AnsiConsole.MarkupLineInterpolated($"[red]{failed} check(s) failed:[/] fix them before a node takes payments.");
            return ExitCodes.CheckFailed;
        }));
        return command;
    }

    /// <summary>
    /// The verifying key of each grounding circuit that has one: the full circuit's is <paramref name="fullKey"/>; a
    /// smaller one's is its --circuit-key file, else the project's ceremony key of it, else on the dev chain its development key.
    /// </summary>
    private static async Task<Dictionary<GroundingCircuit, byte[]>> MemberKeysAsync(string[] given, byte[] fullKey, bool devChain, CancellationToken ct)
    {
        var keys = new Dictionary<GroundingCircuit, byte[]> { [GroundingFamily.Full] = fullKey };
        foreach (var entry in given)
        {
            var parts = entry.Split('=', 2);
            var circuit = parts.Length == 2 ? GroundingFamily.Find(parts[0]) : null;
            if (circuit is null || circuit == GroundingFamily.Full)
            {
                throw new ArgumentException($"--circuit-key {entry}: give NAME=FILE, NAME one of {string.Join(", ", GroundingFamily.Members.Where(m => m != GroundingFamily.Full).Select(m => m.Name))} (the full circuit's key is --verifying-key).");
            }
            keys[circuit] = SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(parts[1], ct)));
        }
        foreach (var circuit in GroundingFamily.Members.Where(m => !keys.ContainsKey(m)))
        {
            if (TrustedKeys.DefaultKeyOf(circuit, devChain) is { } key) keys[circuit] = key.Key;
        }
        return keys;
    }

    internal static async Task<EscrowConfig?> ReadConfigAsync(SolanaRpcClient rpc, EscrowProgram program, CancellationToken ct) =>
        await rpc.GetAccountInfoAsync(program.FindConfig().Address, cancellationToken: ct) is { } account ? EscrowProgram.DecodeConfig(account.Data) : null;
}
