using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>`zks worker status|earnings`: what an operator's node is doing, and what its worker key has earned on chain.</summary>
internal static class WorkerCommand
{
    public static Command Create() => new("worker", "For operators: register or deregister a worker key, a node's status, a worker's earnings.") { Register(), Deregister(), Status(), Earnings() };

    /// <summary>Lowest SOL balance (lamports) that pays for a good number of attestations (fee and the attestation account's rent, about 0.002 SOL each).</summary>
    private const ulong RecommendedLamports = 100_000_000;

    /// <summary>The options register and deregister share: who registers whom, in which program, on which chain.</summary>
    private sealed class Registration
    {
        public Option<FileInfo> OperatorKeypair { get; } = new("--operator-keypair")
        {
            Description = "The operator's solana-keygen JSON file (the key the node's Node:Operator names); it signs and pays.", Required = true,
        };

        public Option<string?> Worker { get; } = new("--worker") { Description = "The worker's public key (base58)." };

        public Option<FileInfo?> Keypair { get; } = new("--keypair") { Description = "Or the worker's solana-keygen JSON file (the node's Node:WorkerKeypair)." };

        public Option<string> Program { get; } = new("--program") { Description = "The escrow program id.", Required = true };

        public Option<string> Rpc { get; } = new("--rpc") { Description = "A JSON-RPC endpoint of the chain.", Required = true };

        public Command Command(string name, string description) => new(name, description) { OperatorKeypair, Worker, Keypair, Program, Rpc };

        public (Keypair Operator, PublicKey Worker, EscrowProgram Program, SolanaRpcClient Chain) Read(ParseResult parse) =>
            (Solana.Keypair.LoadSolanaKeygenFile(parse.GetValue(OperatorKeypair)!.FullName), WorkerKey(parse.GetValue(Worker), parse.GetValue(Keypair)),
             new EscrowProgram(PublicKey.Parse(parse.GetValue(Program)!)), SolanaRpcClient.Create(CliUri.Parse(parse.GetValue(Rpc), "--rpc")));
    }

    private static Command Register()
    {
        var registration = new Registration();
        var mint = new Option<string>("--mint") { Description = "The USDC mint the cluster is paid in.", Required = true };
        var command = registration.Command("register", "Let a worker key attest the operator's escrows (on chain), and make it ready to be paid: its USDC account exists and it holds SOL for the attestation fees.");
        command.Add(mint);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var (operatorKey, workerKey, escrow, chain) = registration.Read(parse);
                using var _ = operatorKey;
                var usdc = PublicKey.Parse(parse.GetValue(mint)!);
                var address = escrow.FindWorkerRegistration(operatorKey.PublicKey, workerKey).Address;
                if (await chain.GetAccountInfoAsync(address, cancellationToken: ct) is null)
                {
                    await chain.SendAsync([escrow.RegisterWorker(operatorKey.PublicKey, workerKey)], [operatorKey], ct);
                    AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Registered worker {workerKey} under operator {operatorKey.PublicKey} ({address}).");
                }
                else
                {
                    AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Worker {workerKey} is already registered under operator {operatorKey.PublicKey}.");
                }
                var account = AssociatedTokenProgram.GetAssociatedTokenAddress(workerKey, usdc);
                if (await chain.GetAccountInfoAsync(account, cancellationToken: ct) is null)
                {
                    await chain.SendAsync([AssociatedTokenProgram.CreateIdempotent(operatorKey.PublicKey, workerKey, usdc)], [operatorKey], ct);
                    AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Created the worker's USDC account {account}.");
                }
                var lamports = await chain.GetBalanceAsync(workerKey, cancellationToken: ct);
                AnsiConsole.MarkupLineInterpolated($"Worker {workerKey} holds {lamports / 1e9:0.####} SOL.");
                if (lamports < RecommendedLamports)
                {
                    AnsiConsole.MarkupLineInterpolated($"[yellow]Send it at least {RecommendedLamports / 1e9:0.##} SOL:[/] each attestation pays a fee and the attestation account's rent.");
                }
                AnsiConsole.MarkupLine("Run a node with Node:Roles=worker and Node:WorkerKeypair set to its key file; it joins the cluster and earns for this key.");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException or HttpRequestException or SolanaRpcException or TransactionFailedException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Not registered:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static Command Deregister()
    {
        var registration = new Registration();
        var command = registration.Command("deregister", "Stop a worker key from attesting the operator's escrows (its open jobs can then only be refunded), and take back the registration's rent.");
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var (operatorKey, workerKey, escrow, chain) = registration.Read(parse);
                using var _ = operatorKey;
                await chain.SendAsync([escrow.DeregisterWorker(operatorKey.PublicKey, workerKey)], [operatorKey], ct);
                AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Worker {workerKey} may no longer attest operator {operatorKey.PublicKey}'s escrows.");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException or HttpRequestException or SolanaRpcException or TransactionFailedException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Not deregistered:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static PublicKey WorkerKey(string? text, FileInfo? file) =>
        text is not null ? PublicKey.Parse(text)
            : file is not null ? LoadPublicKey(file)
            : throw new ArgumentException("Give the worker with --worker <public key> or --keypair <file>.");

    private static Command Status()
    {
        var node = new Option<string>("--node") { Description = "The node's HTTP API, such as http://127.0.0.1:5080.", Required = true };
        var command = new Command("status", "Show a node's worker key, its terms, and its paid jobs that are not finished.") { node };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                var status = JsonNode.Parse(await http.GetStringAsync(new Uri(CliUri.Parse(parse.GetValue(node), "--node"), "v1/node"), ct))!;
                AnsiConsole.MarkupLineInterpolated($"Worker    {status["worker"]?.GetValue<string>() ?? "(this node does not prove)"}");
                AnsiConsole.MarkupLineInterpolated($"Program   {status["programId"]?.GetValue<string>() ?? "(none: exact only)"}");
                AnsiConsole.MarkupLineInterpolated($"Price     {Usdc.Format(ulong.Parse(status["price"]!.GetValue<string>(), CultureInfo.InvariantCulture))} USDC of {status["mint"]} on {status["network"]}");
                var jobs = status["jobsInFlight"]!.AsArray();
                AnsiConsole.MarkupLineInterpolated($"Jobs in flight: {jobs.Count}");
                if (jobs.Count > 0)
                {
                    var table = new Table().AddColumns("request", "scheme", "stage", "since");
                    foreach (var job in jobs)
                    {
                        var history = job!["history"]!.AsArray();
                        table.AddRow(job["requestId"]!.GetValue<string>()[..16] + "…", job["scheme"]!.GetValue<string>(), job["stage"]!.GetValue<string>(),
                            history.Count > 0 ? history[^1]!["at"]!.GetValue<string>() : "");
                    }
                    AnsiConsole.Write(table);
                }
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is HttpRequestException or FormatException or ArgumentException or TaskCanceledException or System.Text.Json.JsonException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Cannot read the node's status:[/] {e.Message} Is the node running, and is --node its HTTP API?");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static Command Earnings()
    {
        var worker = new Option<string?>("--worker") { Description = "The worker's public key (base58)." };
        var keypair = new Option<FileInfo?>("--keypair") { Description = "Or the worker's solana-keygen JSON file." };
        var program = new Option<string>("--program") { Description = "The escrow program id.", Required = true };
        var rpc = new Option<string>("--rpc") { Description = "A JSON-RPC endpoint of the chain.", Required = true };
        var command = new Command("earnings", "Sum what a worker was paid, from the attestations it made and the node's transfers of its share of `exact` payments (read from the chain alone).") { worker, keypair, program, rpc };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var key = WorkerKey(parse.GetValue(worker), parse.GetValue(keypair));
                var attestations = await AnsiConsole.Status().StartAsync("Reading the worker's transactions and attestations…", _ =>
                    AttestationHistory.FindByWorkerAsync(SolanaRpcClient.Create(CliUri.Parse(parse.GetValue(rpc), "--rpc")), new EscrowProgram(PublicKey.Parse(parse.GetValue(program)!)), key,
                        cancellationToken: ct));
                var table = new Table().AddColumns("request", "paid to worker (USDC)", "protocol fee (USDC)", "slot", "transaction");
                foreach (var a in attestations)
                {
                    table.AddRow(Convert.ToHexStringLower(a.Account.RequestId)[..16] + "…", Usdc.Format(a.Earned), Usdc.Format(a.Account.PaidFee),
                        a.Account.Slot.ToString(CultureInfo.InvariantCulture), a.Signature[..16] + "…");
                }
                if (attestations.Count > 0) AnsiConsole.Write(table);
                var total = attestations.Aggregate(0UL, (sum, a) => sum + a.Earned);
                AnsiConsole.MarkupLineInterpolated($"Worker {key}: {attestations.Count} attested summaries, [green]{Usdc.Format(total)} USDC[/] earned.");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException or HttpRequestException or SolanaRpcException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Cannot read the earnings:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static PublicKey LoadPublicKey(FileInfo file)
    {
        using var keypair = Keypair.LoadSolanaKeygenFile(file.FullName);
        return keypair.PublicKey;
    }

}
