using System.Globalization;
using System.Text.Json;
using Npgsql;
using Spectre.Console;
using ZkSummarize.DevChain;

namespace ZkSummarize.Cli;

/// <summary>What a soak is asked to do (`zks bench --duration`).</summary>
internal sealed record SoakOptions(TimeSpan Duration, int Clients, string Text, int Workers, FileInfo? Out, IReadOnlyList<(string Name, string Value)> NodeSettings);

/// <summary>The JSON summary a soak writes (--out): the run, its figures, the samples over time and the money audit.</summary>
internal sealed record SoakSummary(string Target, int Clients, double DurationSeconds, double WallSeconds, int Summaries, double SummariesPerSecond,
    IReadOnlyDictionary<string, int> Outcomes, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Stages, IReadOnlyList<SoakSample> Samples,
    AuditResult Audit, IReadOnlyList<SoakRequest> Failures);

/// <summary>
/// `zks bench --duration`: holds paying clients against the embedded node or a local cluster for a duration,
/// prints progress over time and the figures at the end, and checks on chain that the money is conserved.
/// A non-conserved run exits non-zero with the offending request ids.
/// </summary>
internal static class SoakRun
{
    /// <summary>What each client is funded with: far more requests than a client can finish in an hour.</summary>
    private const ulong RequestsFundedPerClient = 400;

    /// <summary>How long the node may take to finish the jobs paid before the load stopped, before the audit reads the chain.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(SoakOptions options, CancellationToken ct)
    {
        var root = RepositoryLocator.FindRoot();
        var usdcEach = RequestsFundedPerClient * ChainBootstrap.Price;
        await using var network = options.Workers == 0
            ? await LocalNetwork.StartAsync(root, new LocalNetworkOptions { ClientUsdc = usdcEach * (ulong)options.Clients, NodeSettings = options.NodeSettings }, ct)
            : null;
        await using var cluster = options.Workers > 0 ? await LocalCluster.StartAsync(LocalCluster.OnFreePorts(options.Workers), null, ct, options.NodeSettings) : null;
        var target = network is not null
            ? new SoakTarget(network.Node.Url, network.Rpc, network.Setup, [("node", network.Node)], "node-state folder", _ => Task.FromResult(FolderBytes(network.StateFolder)))
            : new SoakTarget(cluster!.Gateway.Url, cluster.Rpc, cluster.Setup, [("gateway", cluster.Gateway), .. cluster.Workers.Select((w, i) => ($"worker-{i + 1}", w))],
                "PostgreSQL database", token => DatabaseBytesAsync(cluster.PostgresConnection, token));
        var targetName = network is not null ? "the embedded node (file storage)" : $"a gateway and {options.Workers} worker node(s) on PostgreSQL";

        // A cluster's client is funded with a fixed sum by its bootstrap: the clients share what it holds.
        var held = (await target.Rpc.GetTokenAccountBalanceAsync(target.Setup.ClientUsdc, cancellationToken: ct)).Amount;
        usdcEach = Math.Min(usdcEach, held / (ulong)options.Clients);
        if (usdcEach < ChainBootstrap.Price) throw new InvalidOperationException($"The network's client holds {Usdc.Format(held)} USDC, less than one request for each of {options.Clients} clients; use fewer --clients.");
        var clients = await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"Funding {options.Clients} paying clients with {Usdc.Format(usdcEach)} USDC each", maxValue: options.Clients);
            return await SoakClients.FundAsync(target.Rpc, target.Setup, options.Clients, usdcEach, new Progress<int>(n => task.Value = n), ct);
        });
        var before = await MoneyAudit.PayeesAsync(target.Rpc, target.Setup, ct);

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var load = new SoakLoad(http, target.Gateway, target.Rpc, options.Text, 3);
        var sampler = new SoakSampler(target, load);
        AnsiConsole.MarkupLineInterpolated($"{options.Clients} paying clients against {targetName} for {options.Duration.TotalSeconds:0} s (requests under way at the end are finished, not cut):");
        using var loadOver = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampling = sampler.RunAsync(SampleInterval(options.Duration), loadOver.Token);
        await load.RunAsync(clients, options.Duration, ct);
        var wall = load.Elapsed;
        await loadOver.CancelAsync();
        await sampling;

        await ConsoleSteps.Step("Waiting for the node to finish the jobs already paid", () => DrainAsync(http, target.Gateway, ct));
        var audit = await ConsoleSteps.Step("Checking money conservation on chain", () => MoneyAudit.CheckAsync(target.Rpc, target.Setup, clients, load.Done, before, ct));
        var summary = Summarize(targetName, options, wall, load.Done.ToList(), sampler.Samples, audit);
        Print(summary);
        if (options.Out is { } file)
        {
            await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(summary, Json), ct);
            AnsiConsole.MarkupLineInterpolated($"Summary written to {file.FullName}");
        }
        foreach (var client in clients) client.Key.Dispose();
        return audit.Conserved ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>About twenty samples a run, at least 5 s apart.</summary>
    private static TimeSpan SampleInterval(TimeSpan duration) => TimeSpan.FromSeconds(Math.Max(5, Math.Round(duration.TotalSeconds / 20)));

    private static SoakSummary Summarize(string targetName, SoakOptions options, TimeSpan wall, IReadOnlyList<SoakRequest> done, IReadOnlyList<SoakSample> samples, AuditResult audit)
    {
        var stages = done.Where(r => r.Stages is not null).Select(r => r.Stages!).ToList();
        var byStage = StageSample.Stages.ToDictionary(s => s, s => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>
        {
            ["p50"] = StageSample.Percentile(stages, s, 50), ["p99"] = StageSample.Percentile(stages, s, 99),
        });
        var outcomes = done.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.Count());
        var failures = done.Where(r => r.Outcome is not (SoakRequest.Summary or SoakRequest.Refused503 or SoakRequest.Refused429)).ToList();
        return new SoakSummary(targetName, options.Clients, options.Duration.TotalSeconds, Math.Round(wall.TotalSeconds, 1), stages.Count, stages.Count / wall.TotalSeconds,
            outcomes, byStage, samples, audit, failures);
    }

    private static void Print(SoakSummary s)
    {
        Console.WriteLine();
        Console.WriteLine("| stage | p50 (s) | p99 (s) |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var (stage, p) in s.Stages) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {p["p50"]:0.000} | {p["p99"]:0.000} |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Clients} clients against {s.Target}: {s.Summaries} summaries in {s.WallSeconds:0} s = {s.SummariesPerSecond:0.000}/s ({60 * s.SummariesPerSecond:0.0} per minute)."));
        Console.WriteLine($"Requests by outcome: {string.Join(", ", s.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"))}.");
        foreach (var failure in s.Failures.Take(10)) Console.WriteLine($"  {failure.Outcome} (client {failure.Client}, request {failure.RequestId ?? "not paid"}): {failure.Detail}");
        Console.WriteLine();
        Console.WriteLine("| time (s) | summaries | in flight | refused 503 | refused 429 | errors | end to end p50 (s) | RSS (MiB) | storage (MiB) | load (1 min) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (var x in s.Samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {x.Seconds:0} | {x.Summaries} | {x.InFlight} | {x.Refused503} | {x.Refused429} | {x.Errors} | {x.TotalP50:0.0} | {string.Join(", ", x.RssMiB.Select(m => $"{m.Key} {m.Value:0}"))} | {x.StorageMiB:0.00} | {x.LoadAverage1m:0.00} |"));
        }
        Console.WriteLine();
        var a = s.Audit;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Money: {a.Attested} payments attested, {a.StillRefundable} still refundable (escrow open), {a.NotCharged} sent but never landed. Clients debited {Usdc.Format(a.ClientDebits)} USDC = workers {Usdc.Format(a.WorkerCredits)} + treasury {Usdc.Format(a.TreasuryCredits)} + open vaults {Usdc.Format(a.VaultBalances)}."));
        if (a.Conserved)
        {
            AnsiConsole.MarkupLine("[green]✓[/] Money is conserved: every payment is attested once or still refundable, and no refused request paid anything.");
        }
        else
        {
            AnsiConsole.MarkupLine("[red]✗ Money is NOT conserved:[/]");
            foreach (var problem in a.Problems) AnsiConsole.MarkupLineInterpolated($"  {problem}");
        }
    }

    /// <summary>Waits until the node has no paid job in flight (or <see cref="DrainLimit"/> passes: the audit then counts the rest as still refundable).</summary>
    private static async Task DrainAsync(HttpClient http, Uri gateway, CancellationToken ct)
    {
        var until = DateTime.UtcNow + DrainLimit;
        while (DateTime.UtcNow < until)
        {
            var status = JsonDocument.Parse(await http.GetStringAsync(new Uri(gateway, "v1/node"), ct)).RootElement;
            if (status.GetProperty("jobsInFlight").GetArrayLength() == 0) return;
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    private static long FolderBytes(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        long bytes = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            try
            {
                bytes += file.Length;
            }
            catch (FileNotFoundException)
            {
                // deleted while counted (an unpaid quote forgotten): it no longer takes room
            }
        }
        return bytes;
    }

    private static async Task<long> DatabaseBytesAsync(string connection, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", db);
        return (long)(await size.ExecuteScalarAsync(ct))!;
    }
}
