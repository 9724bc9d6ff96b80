using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using ZkSummarize.Crypto.Ceremony;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.DevChain;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks ceremony …`: the trusted-setup ceremony in snarkjs's file formats (phase 1 under `ptau`, phase 2 on
/// .zkey files), so participants can use zks or snarkjs interchangeably, and `zks ceremony verify`, which
/// re-verifies the project's committed ceremony against the circuit in one command.
/// </summary>
internal static class CeremonyCommand
{
    public static Command Create() => new("ceremony", "The Groth16 trusted-setup ceremony (snarkjs's .ptau and .zkey formats).")
    {
        new Command("ptau", "Phase 1: powers of tau.")
        {
            PtauNew(),
            ContributeCommand(".ptau", "snarkjs powersoftau contribute", PtauFile.Read, PowersOfTau.Contribute, WritePtau),
            BeaconCommand(".ptau", "snarkjs powersoftau beacon", PtauFile.Read, PowersOfTau.Beacon, WritePtau),
            PtauPrepare(),
            PtauVerify(),
        },
        New(),
        ContributeCommand(".zkey", "snarkjs zkey contribute", ZkeyFile.Read, PhaseTwo.Contribute, WriteZkey),
        BeaconCommand(".zkey", "snarkjs zkey beacon", ZkeyFile.Read, PhaseTwo.Beacon, WriteZkey),
        Verify(),
        ExportVk(),
    };

    private static Argument<FileInfo> In(string name, string description) => new(name) { Description = description };

    private static Option<string?> NameOption() => new("--name", "-n") { Description = "Your name or handle, recorded in the transcript (up to 64 characters)." };

    private static Option<string?> EntropyOption() => new("--entropy", "-e") { Description = "Extra random text mixed with the operating system's randomness (optional)." };

    private static Command PtauNew()
    {
        var power = new Argument<int>("power") { Description = "The ceremony's power: circuits up to 2^power constraints (1 to 24)." };
        var output = In("output", "The new .ptau file.");
        var command = new Command("new", "A new phase-1 file with no contributions (snarkjs powersoftau new bn128).") { power, output };
        command.SetAction(async (parse, ct) =>
        {
            var p = parse.GetValue(power);
            if (p is < 1 or > PtauFile.MaxPower)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The power must be 1 to {PtauFile.MaxPower}, not {p}.[/]");
                return ExitCodes.Usage;
            }
            var file = await CeremonySteps.RunAsync($"New powers of tau of 2^{p}", _ => PowersOfTau.New(p));
            await CeremonySteps.WriteAsync(parse.GetValue(output)!, file.Write(), ct);
            AnsiConsole.WriteLine($"First challenge hash:\n{PtauHashes.Format(file.LastChallenge())}");
            return ExitCodes.Success;
        });
        return command;
    }

    private delegate T Contribution<T>(T file, string? name, string? entropy, IProgress<string>? progress, CancellationToken ct);

    private delegate T BeaconContribution<T>(T file, string? name, string beacon, int exponent, IProgress<string>? progress, CancellationToken ct);

    /// <summary>`contribute input output [--name] [--entropy]`, for either phase's file.</summary>
    private static Command ContributeCommand<T>(string extension, string peer, Func<byte[], T> read, Contribution<T> contribute, Func<T, FileInfo, CancellationToken, Task<int>> write) where T : class
    {
        var (input, output, name, entropy) = (In("input", $"The {extension} to contribute to."), In("output", $"The {extension} with your contribution."), NameOption(), EntropyOption());
        var command = new Command("contribute", $"Add a contribution from fresh randomness ({peer}).") { input, output, name, entropy };
        command.SetAction(async (parse, ct) => await With(parse.GetValue(input)!, extension, read, async file =>
        {
            var next = await CeremonySteps.RunAsync("Contributing", progress => contribute(file, parse.GetValue(name), parse.GetValue(entropy), progress, ct));
            return await write(next, parse.GetValue(output)!, ct);
        }, ct));
        return command;
    }

    /// <summary>`beacon input output beacon exponent [--name]`, for either phase's file.</summary>
    private static Command BeaconCommand<T>(string extension, string peer, Func<byte[], T> read, BeaconContribution<T> apply, Func<T, FileInfo, CancellationToken, Task<int>> write) where T : class
    {
        var (input, output, name) = (In("input", $"The {extension} to apply the beacon to."), In("output", $"The {extension} with the beacon."), NameOption());
        var beacon = new Argument<string>("beacon") { Description = "The public random value, in hex (1 to 255 bytes), that nobody could know in advance." };
        var exponent = new Argument<int>("exponent") { Description = "The beacon is hashed 2^exponent times (10 to 63)." };
        var command = new Command("beacon", $"Add a contribution from a public random beacon ({peer}).") { input, output, beacon, exponent, name };
        command.SetAction(async (parse, ct) => await With(parse.GetValue(input)!, extension, read, async file =>
        {
            T next;
            try
            {
                next = await CeremonySteps.RunAsync("Applying the beacon", progress => apply(file, parse.GetValue(name), parse.GetValue(beacon)!, parse.GetValue(exponent), progress, ct));
            }
            catch (ArgumentException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return ExitCodes.Usage;
            }
            return await write(next, parse.GetValue(output)!, ct);
        }, ct));
        return command;
    }

    private static Command PtauPrepare()
    {
        var (input, output) = (In("input", "The final phase-1 .ptau."), In("output", "The .ptau with the phase-2 sections."));
        var command = new Command("prepare", "Add the Lagrange-basis sections phase 2 reads (snarkjs powersoftau prepare phase2; the same bytes).") { input, output };
        command.SetAction(async (parse, ct) => await WithPtau(parse.GetValue(input)!, async ptau =>
        {
            var prepared = await CeremonySteps.RunAsync("Preparing phase 2", progress => PhaseTwoPreparation.Prepare(ptau, progress, ct));
            await CeremonySteps.WriteAsync(parse.GetValue(output)!, prepared.Write(), ct);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command PtauVerify()
    {
        var input = In("input", "The .ptau to verify.");
        var command = new Command("verify", "Verify a phase-1 file: every contribution, the hash chain, the powers (and the phase-2 sections if present).") { input };
        command.SetAction(async (parse, ct) => await WithPtau(parse.GetValue(input)!, async ptau =>
        {
            var report = await CeremonySteps.RunAsync("Verifying the powers of tau", progress => PowersOfTauVerifier.Verify(ptau, progress, ct));
            PrintPhaseOne(report);
            return Outcome(report.Failure);
        }, ct));
        return command;
    }

    private static Command New()
    {
        var (r1cs, ptau, output) = (In("r1cs", "The circuit (.r1cs from circom)."), In("ptau", "The final phase-1 .ptau (prepared or not)."), In("output", "The initial .zkey."));
        var command = new Command("new", "The circuit's initial phase-2 key (snarkjs groth16 setup; the same bytes).") { r1cs, ptau, output };
        command.SetAction(async (parse, ct) =>
        {
            var circuit = await ReadAs(parse.GetValue(r1cs)!, "circuit (.r1cs)", R1cs.Read, ct);
            if (circuit is null) return ExitCodes.Usage;
            return await WithPtau(parse.GetValue(ptau)!, async file =>
            {
                if (!file.IsPrepared) file = await CeremonySteps.RunAsync("Preparing phase 2 (the .ptau has no phase-2 sections)", progress => PhaseTwoPreparation.Prepare(file, progress, ct));
                ZkeyFile key;
                try
                {
                    key = await CeremonySteps.RunAsync("Setting up the circuit", progress => PhaseTwo.New(circuit, file, progress, ct));
                }
                catch (InvalidOperationException e)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                    return ExitCodes.Usage;
                }
                await CeremonySteps.WriteAsync(parse.GetValue(output)!, key.Write(), ct);
                AnsiConsole.WriteLine($"Circuit hash:\n{PtauHashes.Format(key.CircuitHash)}");
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    private static Command Verify()
    {
        var r1cs = new Argument<FileInfo?>("r1cs") { Description = "The circuit (.r1cs). Leave out all three files to verify the project's committed ceremony.", Arity = ArgumentArity.ZeroOrOne };
        var ptau = new Argument<FileInfo?>("ptau") { Description = "The final phase-1 .ptau.", Arity = ArgumentArity.ZeroOrOne };
        var zkey = new Argument<FileInfo?>("zkey") { Description = "The .zkey to verify.", Arity = ArgumentArity.ZeroOrOne };
        var fast = new Option<bool>("--fast") { Description = "Skip rebuilding the initial key to compare the circuit hash (the sections are still checked against the circuit and the powers)." };
        var command = new Command("verify", "Verify a phase-2 key against its circuit and phase 1 (snarkjs zkey verify); with no files, the project's committed ceremony.") { r1cs, ptau, zkey, fast };
        command.SetAction(async (parse, ct) =>
        {
            var files = new[] { parse.GetValue(r1cs), parse.GetValue(ptau), parse.GetValue(zkey) };
            if (files.All(f => f is null)) return await VerifyCommitted(!parse.GetValue(fast), ct);
            if (files.Any(f => f is null))
            {
                AnsiConsole.MarkupLine("[red]Give all three files (r1cs, ptau, zkey), or none to verify the committed ceremony.[/]");
                return ExitCodes.Usage;
            }
            var circuit = await ReadAs(files[0]!, "circuit (.r1cs)", R1cs.Read, ct);
            if (circuit is null) return ExitCodes.Usage;
            return await WithPtau(files[1]!, async phaseOne => await WithZkey(files[2]!, async key =>
            {
                var report = await CeremonySteps.RunAsync("Verifying the key", progress => PhaseTwoVerifier.Verify(circuit, phaseOne, key, !parse.GetValue(fast), progress, ct));
                PrintPhaseTwo(report);
                return Outcome(report.Failure);
            }, ct), ct);
        });
        return command;
    }

    private static Command ExportVk()
    {
        var (input, output) = (In("zkey", "The final .zkey."), In("output", "Where to write verification_key.json."));
        var command = new Command("export-vk", "Write the key's verification_key.json (snarkjs zkey export verificationkey; the same bytes) and print its SHA-256 in the on-chain layout.") { input, output };
        command.SetAction(async (parse, ct) => await WithZkey(parse.GetValue(input)!, async key =>
        {
            await File.WriteAllTextAsync(parse.GetValue(output)!.FullName, VerificationKeyExport.Json(key), ct);
            var layout = Crypto.Groth16.SolanaEncoding.EncodeVerifyingKey(VerificationKeyExport.VerifyingKey(key));
            AnsiConsole.MarkupLineInterpolated($"[green]✓[/] verification key written; SHA-256 of its {layout.Length}-byte alt_bn128 layout: {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(layout))}");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static async Task<int> VerifyCommitted(bool recomputeCircuitHash, CancellationToken ct)
    {
        string root;
        try
        {
            root = RepositoryLocator.FindRoot(Environment.CurrentDirectory);
        }
        catch (DirectoryNotFoundException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return ExitCodes.Usage;
        }
        var circuits = Path.Combine(root, "circuits");
        var stale = CommittedCeremony.Keys.Select(k => Path.Combine(circuits, "build", $"{k.Circuit}.r1cs"))
            .Any(r1cs => !File.Exists(r1cs) || File.GetLastWriteTimeUtc(r1cs) < File.GetLastWriteTimeUtc(Path.Combine(circuits, "grounding_lib.circom")));
        if (stale)
        {
            var built = await CeremonySteps.RunAsync("Compiling the circuits (circuits/build.sh)", _ => RunBuild(circuits));
            if (built != 0)
            {
                AnsiConsole.MarkupLine("[red]circuits/build.sh failed.[/] Run `npm install` in circuits/ (scripts/setup.sh does it), then try again.");
                return ExitCodes.Failure;
            }
        }
        CommittedCeremonyResult result;
        try
        {
            result = await CeremonySteps.RunAsync("Verifying the committed ceremony", progress => CommittedCeremony.VerifyAsync(circuits, recomputeCircuitHash, progress: progress, cancellationToken: ct).GetAwaiter().GetResult());
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Cannot read the committed ceremony:[/] {e.Message}");
            return ExitCodes.Failure;
        }
        PrintPhaseOne(result.PhaseOne);
        foreach (var key in result.Keys)
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]{key.Key.Circuit}[/] ({key.Key.ZkeyFileName}):");
            PrintPhaseTwo(key.PhaseTwo);
            if (key.VerifyingKeySha256 is { } hash) AnsiConsole.MarkupLineInterpolated($"[green]✓[/] circuits/{key.Key.VerificationKeyFileName} is the key's; SHA-256 of the 768-byte alt_bn128 layout: [bold]{Convert.ToHexStringLower(hash)}[/]");
        }
        return Outcome(result.Failure);
    }

    private static int RunBuild(string circuits)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(circuits, "build.sh")]) { WorkingDirectory = circuits, RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    private static void PrintPhaseOne(CeremonyReport report)
    {
        foreach (var c in report.Contributions)
        {
            AnsiConsole.WriteLine($"Phase 1 contribution #{c.Index}: {c.Name}{Beacon(c)}");
            AnsiConsole.WriteLine($"  Response hash:\n{PtauHashes.Format(c.Hash)}");
            AnsiConsole.WriteLine($"  Next challenge:\n{PtauHashes.Format(c.NextChallenge)}");
        }
    }

    private static void PrintPhaseTwo(CeremonyReport report)
    {
        if (report.CircuitHash is { } circuitHash) AnsiConsole.WriteLine($"Circuit hash:\n{PtauHashes.Format(circuitHash)}");
        foreach (var c in report.Contributions)
        {
            AnsiConsole.WriteLine($"Phase 2 contribution #{c.Index}: {c.Name}{Beacon(c)}");
            AnsiConsole.WriteLine(PtauHashes.Format(c.Hash));
        }
    }

    private static string Beacon(ContributionRecord c) => c.BeaconHash is { } beacon ? $" (beacon {Convert.ToHexStringLower(beacon)}, 2^{c.BeaconIterationsExponent} SHA-256 iterations)" : "";

    private static int Outcome(string? failure)
    {
        if (failure is null)
        {
            AnsiConsole.MarkupLine("[green]✓ Every check passed.[/]");
            return ExitCodes.Success;
        }
        AnsiConsole.MarkupLineInterpolated($"[red]✗ {failure}[/]");
        return ExitCodes.CheckFailed;
    }

    private static async Task<int> WritePtau(PtauFile file, FileInfo output, CancellationToken ct)
    {
        await CeremonySteps.WriteAsync(output, file.Write(), ct);
        var c = file.Contributions[^1];
        AnsiConsole.WriteLine($"Contribution response hash (record it):\n{PtauHashes.Format(c.ResponseHash())}");
        AnsiConsole.WriteLine($"Next challenge hash:\n{PtauHashes.Format(c.NextChallenge)}");
        return ExitCodes.Success;
    }

    private static async Task<int> WriteZkey(ZkeyFile key, FileInfo output, CancellationToken ct)
    {
        await CeremonySteps.WriteAsync(output, key.Write(), ct);
        AnsiConsole.WriteLine($"Contribution hash (record it):\n{PtauHashes.Format(key.Contributions[^1].ContributionHash())}");
        return ExitCodes.Success;
    }

    private static Task<int> WithPtau(FileInfo file, Func<PtauFile, Task<int>> action, CancellationToken ct) => With(file, ".ptau", PtauFile.Read, action, ct);

    private static Task<int> WithZkey(FileInfo file, Func<ZkeyFile, Task<int>> action, CancellationToken ct) => With(file, ".zkey", ZkeyFile.Read, action, ct);

    private static async Task<int> With<T>(FileInfo file, string extension, Func<byte[], T> parse, Func<T, Task<int>> action, CancellationToken ct) where T : class
    {
        var value = await ReadAs(file, extension == ".ptau" ? "powers-of-tau file (.ptau)" : "proving key (.zkey)", parse, ct);
        return value is null ? ExitCodes.Usage : await action(value);
    }

    private static async Task<T?> ReadAs<T>(FileInfo file, string what, Func<byte[], T> parse, CancellationToken ct) where T : class
    {
        var bytes = await CeremonySteps.ReadAsync(file, what, ct);
        return bytes is null ? null : CeremonySteps.Parse(bytes, file, what, parse);
    }
}
