using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Spectre.Console;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks program deploy | upgrade | show | verify | set-authority`: the escrow program on a real cluster, through
/// Solana's upgradeable loader with standard transactions only (docs/operators.md).
/// </summary>
internal static class ProgramCommand
{
    public static Command Create() => new("program", "Deploy, upgrade, inspect and verify the escrow program through Solana's upgradeable loader.")
    {
        Deploy(), Upgrade(), Show(), Verify(), SetAuthority(),
    };

    /// <summary>Options every command that sends transactions has.</summary>
    private sealed class Signing
    {
        public Option<string> Rpc { get; } = RpcOption();

        public Option<FileInfo> Keypair { get; } = new("--keypair") { Description = "The fee payer's solana-keygen JSON file; it also pays the program's rent.", Required = true };

        public Option<FileInfo?> Authority { get; } = new("--upgrade-authority") { Description = "The upgrade authority's solana-keygen JSON file (default: the fee payer). Only it may upgrade the program and initialise its config." };

        public Option<FileInfo?> ProgramFile { get; } = new("--program-file") { Description = "The program (.so) to deploy (default: built from this checkout's src/onchain with build.sh)." };

        public Option<FileInfo?> Buffer { get; } = new("--buffer") { Description = "The buffer's keypair file: created when missing, kept until the deploy succeeds, so running the same command again resumes an interrupted write (default: zks-buffer-<program hash>.json here)." };

        public void AddTo(Command command)
        {
            command.Add(Rpc);
            command.Add(Keypair);
            command.Add(Authority);
            command.Add(ProgramFile);
            command.Add(Buffer);
        }

        public SolanaRpcClient Client(ParseResult parse) => SolanaRpcClient.Create(CliUri.Parse(parse.GetValue(Rpc), "--rpc"));

        public (Keypair Payer, Keypair Authority) Keys(ParseResult parse)
        {
            var payer = Solana.Keypair.LoadSolanaKeygenFile(parse.GetValue(Keypair)!.FullName);
            return (payer, parse.GetValue(Authority) is { } file ? Solana.Keypair.LoadSolanaKeygenFile(file.FullName) : payer);
        }

        /// <summary>The buffer keypair: loaded when its file exists (to resume), else made and saved first, so an interrupted write can be resumed.</summary>
        public (Keypair Buffer, string File) BufferKey(ParseResult parse, byte[] program)
        {
            var path = parse.GetValue(Buffer)?.FullName ?? Path.GetFullPath($"zks-buffer-{Convert.ToHexStringLower(SHA256.HashData(program))[..12]}.json");
            if (File.Exists(path))
            {
                AnsiConsole.MarkupLineInterpolated($"Resuming with the buffer keypair in {path}.");
                return (Solana.Keypair.LoadSolanaKeygenFile(path), path);
            }

            var buffer = Solana.Keypair.Generate();
            buffer.SaveSolanaKeygenFile(path);
            return (buffer, path);
        }
    }

    private static Command Deploy()
    {
        var signing = new Signing();
        var programKeypair = new Option<FileInfo>("--program-keypair") { Description = "The program id's keypair file: created when missing (keep it; the program's address is its public key).", Required = true };
        var maxLength = new Option<ulong?>("--max-len") { Description = "Bytes of room for future upgrades (default: twice the program)." };
        var command = new Command("deploy", "Deploy the program with the upgradeable loader: buffer, chunked writes (resumable), DeployWithMaxDataLen.") { programKeypair, maxLength };
        signing.AddTo(command);
        command.SetAction((parse, ct) => CommandErrors.RunAsync("Not deployed", async () =>
        {
            var (program, source) = await ProgramBuild.LoadOrBuildAsync(parse.GetValue(signing.ProgramFile), ct);
            var (payer, authority) = signing.Keys(parse);
            var programFile = parse.GetValue(programKeypair)!.FullName;
            if (!File.Exists(programFile)) Keypair.Generate().SaveSolanaKeygenFile(programFile);
            using var programKey = Keypair.LoadSolanaKeygenFile(programFile);
            var (buffer, bufferFile) = signing.BufferKey(parse, program);
            var rpc = signing.Client(parse);
            var room = parse.GetValue(maxLength) ?? (ulong)program.Length * 2;
            AnsiConsole.MarkupLineInterpolated($"Deploying {source}: {program.Length:N0} bytes, sha256 {Hash(program)}, to {programKey.PublicKey} on {rpc.Url} (room for {room:N0} bytes).");
            var signature = await new ProgramDeployer(rpc).DeployAsync(payer, programKey, buffer, authority, program, room, new BufferProgressPrinter(buffer.PublicKey), ct);
            File.Delete(bufferFile); // the deploy consumed the buffer
            AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Deployed program {programKey.PublicKey} ({signature}); upgrade authority {authority.PublicKey}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Upgrade()
    {
        var signing = new Signing();
        var programId = ProgramIdArgument();
        var command = new Command("upgrade", "Replace a deployed program's bytes (signed by its upgrade authority): buffer, chunked writes (resumable), Upgrade.") { programId };
        signing.AddTo(command);
        command.SetAction((parse, ct) => CommandErrors.RunAsync("Not upgraded", async () =>
        {
            var id = PublicKey.Parse(parse.GetValue(programId)!);
            var (program, source) = await ProgramBuild.LoadOrBuildAsync(parse.GetValue(signing.ProgramFile), ct);
            var (payer, authority) = signing.Keys(parse);
            var (buffer, bufferFile) = signing.BufferKey(parse, program);
            AnsiConsole.MarkupLineInterpolated($"Upgrading {id} to {source}: {program.Length:N0} bytes, sha256 {Hash(program)}.");
            var signature = await new ProgramDeployer(signing.Client(parse)).UpgradeAsync(payer, id, buffer, authority, program, new BufferProgressPrinter(buffer.PublicKey), ct);
            File.Delete(bufferFile);
            AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Upgraded {id} ({signature}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show()
    {
        var (programId, rpc) = (ProgramIdArgument(), RpcOption());
        var command = new Command("show", "Show a deployed program: ProgramData address, upgrade authority, last deploy slot, length and SHA-256 of its bytes.") { programId, rpc };
        command.SetAction((parse, ct) => CommandErrors.RunAsync("Cannot show it", async () =>
        {
            var id = PublicKey.Parse(parse.GetValue(programId)!);
            var deployed = await new ProgramDeployer(SolanaRpcClient.Create(CliUri.Parse(parse.GetValue(rpc), "--rpc"))).ShowAsync(id, ct);
            if (deployed is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]There is no program at {id}.[/]");
                return ExitCodes.Failure;
            }

            // Plain lines, never wrapped, so that scripts can read them.
            Console.WriteLine($"Program id             {id}");
            Console.WriteLine($"ProgramData            {deployed.ProgramDataAddress}");
            Console.WriteLine($"Upgrade authority      {deployed.UpgradeAuthority?.ToString() ?? "none (immutable)"}");
            Console.WriteLine($"Last deployed in slot  {deployed.DeploySlot}");
            Console.WriteLine($"Data length            {deployed.ElfLength} bytes (room for {deployed.Capacity})");
            Console.WriteLine($"SHA-256                {deployed.Sha256}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Verify()
    {
        var (programId, rpc) = (ProgramIdArgument(), RpcOption());
        var file = new Option<FileInfo?>("--program-file") { Description = "Compare with this file instead of rebuilding from source." };
        var command = new Command("verify", "Rebuild the program from source (src/onchain/build.sh) and check that the deployed bytes are that build, byte for byte. Exit code 3 when they differ.")
        {
            programId, rpc, file,
        };
        command.SetAction((parse, ct) => CommandErrors.RunAsync("Cannot verify it", async () =>
        {
            var id = PublicKey.Parse(parse.GetValue(programId)!);
            var (build, source) = await ConsoleSteps.Step("Building the program from source", () => ProgramBuild.LoadOrBuildAsync(parse.GetValue(file), ct));
            var deployed = await new ProgramDeployer(SolanaRpcClient.Create(CliUri.Parse(parse.GetValue(rpc), "--rpc"))).ShowAsync(id, ct)
                ?? throw new InvalidOperationException($"There is no program at {id}.");
            Console.WriteLine($"Build     {Hash(build)} ({build.Length:N0} bytes, {source})");
            Console.WriteLine($"On chain  {OnChainHash(deployed)} ({deployed.ProgramDataAddress}, deployed in slot {deployed.DeploySlot})");
            if (deployed.Holds(build))
            {
                AnsiConsole.MarkupLineInterpolated($"[green]✓ Verified:[/] {id} runs exactly this build.");
                return ExitCodes.Success;
            }

            var afterElf = OnChainHash(deployed).StartsWith(Hash(build), StringComparison.Ordinal) ? " The ELF is the build's, but ProgramData holds other bytes after it." : "";
            AnsiConsole.MarkupLineInterpolated($"[red]✗ Mismatch:[/] the bytes deployed at {id} are not this build.{afterElf} Check out the source it claims, rebuild, or upgrade the program to this build.");
            return ExitCodes.CheckFailed;
        }));
        return command;
    }

    private static Command SetAuthority()
    {
        var (programId, rpc) = (ProgramIdArgument(), RpcOption());
        var payerFile = new Option<FileInfo>("--keypair") { Description = "The fee payer's solana-keygen JSON file.", Required = true };
        var authorityFile = new Option<FileInfo?>("--upgrade-authority") { Description = "The current upgrade authority's keypair file (default: the fee payer)." };
        var newAuthorityFile = new Option<FileInfo?>("--new-authority") { Description = "The new authority's keypair file: it signs too, so a wrong key cannot lock the program out." };
        var final = new Option<bool>("--final") { Description = "Remove the upgrade authority: nobody can ever upgrade the program again." };
        var command = new Command("set-authority", "Hand the upgrade authority to another key, or make the program immutable with --final.") { programId, rpc, payerFile, authorityFile, newAuthorityFile, final };
        command.SetAction((parse, ct) => CommandErrors.RunAsync("Authority unchanged", async () =>
        {
            var id = PublicKey.Parse(parse.GetValue(programId)!);
            var newFile = parse.GetValue(newAuthorityFile);
            if ((newFile is null) != parse.GetValue(final)) throw new ArgumentException("Give either --new-authority <keypair file> or --final.");
            using var payer = Keypair.LoadSolanaKeygenFile(parse.GetValue(payerFile)!.FullName);
            var authority = parse.GetValue(authorityFile) is { } f ? Keypair.LoadSolanaKeygenFile(f.FullName) : payer;
            using var next = newFile is null ? null : Keypair.LoadSolanaKeygenFile(newFile.FullName);
            var signature = await new ProgramDeployer(SolanaRpcClient.Create(CliUri.Parse(parse.GetValue(rpc), "--rpc"))).SetUpgradeAuthorityAsync(payer, id, authority, next, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {id}: {(next is null ? "immutable now" : $"upgrade authority is {next.PublicKey}")} ({signature}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The cluster every program and network command talks to.</summary>
    internal static Option<string> RpcOption() => new("--rpc") { Description = "A JSON-RPC endpoint of the cluster, e.g. https://api.devnet.solana.com.", Required = true };

    private static Argument<string> ProgramIdArgument() => new("program-id") { Description = "The deployed program's id." };

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string OnChainHash(DeployedProgram deployed)
    {
        try
        {
            return $"{deployed.Sha256} ({deployed.ElfLength:N0} bytes)";
        }
        catch (FormatException e)
        {
            return $"(not an ELF: {e.Message})";
        }
    }

    /// <summary>Prints a buffer's progress: each round's start, and every tenth of its writes as they are confirmed.</summary>
    private sealed class BufferProgressPrinter(PublicKey buffer) : IProgress<BufferProgress>
    {
        private readonly Lock _lock = new();
        private int _round;
        private int _printed;

        public void Report(BufferProgress value)
        {
            lock (_lock)
            {
                if (value.Round != _round)
                {
                    _round = value.Round;
                    _printed = value.Written;
                    if (value.Written == value.Chunks) AnsiConsole.MarkupLineInterpolated($"Buffer {buffer}: all {value.Chunks} chunks are written.");
                    else AnsiConsole.MarkupLineInterpolated($"Buffer {buffer}, round {value.Round}: {value.Written} of {value.Chunks} chunks already written, writing {value.Chunks - value.Written}.");
                }
                else if (value.Written - _printed >= Math.Max(1, value.Chunks / 10) || value.Written == value.Chunks)
                {
                    _printed = value.Written;
                    AnsiConsole.MarkupLineInterpolated($"  {value.Written}/{value.Chunks} chunks confirmed");
                }
            }
        }
    }
}
