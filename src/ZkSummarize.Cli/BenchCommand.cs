using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZkSummarize.DevChain;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks bench`: end-to-end latency and throughput of paid summaries on the embedded default (dev chain,
/// one node), measured from the client and split by stage with the job's own timestamps. Prints
/// markdown for docs/benchmarks.md.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "Paid requests one after another (latency without contention).", DefaultValueFactory = _ => 20 };
        var concurrency = new Option<int>("--concurrency") { Description = "Clients at once for the throughput run.", DefaultValueFactory = _ => 8 };
        var concurrentRequests = new Option<int>("--concurrent-requests") { Description = "Paid requests in the throughput run.", DefaultValueFactory = _ => 24 };
        var document = new Option<FileInfo?>("--document") { Description = "The document (default: the bundled sample)." };
        var workers = new Option<int>("--workers") { Description = "0: the embedded node; N: a cluster on PostgreSQL with a gateway and N worker nodes.", DefaultValueFactory = _ => 0 };
        var duration = new Option<string?>("--duration") { Description = "Soak instead: hold --clients paying clients for this long (such as 60s or 10m), report over time and at the end, and check money conservation on chain." };
        var clients = new Option<int>("--clients") { Description = "Soak: paying clients at once, each with its own key and USDC.", DefaultValueFactory = _ => 64 };
        var output = new Option<FileInfo?>("--out") { Description = "Soak: write the JSON summary (stages, refusals, samples over time, the money audit) here." };
        var nodeSetting = new Option<string[]>("--node-setting") { Description = "A node setting under Node:, as Name=Value (repeatable), such as Admission:MaxQueuedJobs=2.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("bench", "Measure paid, proven summaries end to end on a local chain and node: latency by stage, and throughput with concurrent clients; with --duration, a soak that also checks money conservation.")
        {
            requests, concurrency, concurrentRequests, document, workers, duration, clients, output, nodeSetting,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                if (parse.GetValue(duration) is { } soak)
                {
                    var options = new SoakOptions(CliDuration.Parse(soak, "--duration"), Positive(parse.GetValue(clients), "--clients"), await ReadDocumentAsync(parse.GetValue(document), ct),
                        parse.GetValue(workers), parse.GetValue(output), (parse.GetValue(nodeSetting) ?? []).Select(ParseSetting).ToArray());
                    return await SoakRun.RunAsync(options, ct);
                }
                await RunAsync(parse.GetValue(requests), parse.GetValue(concurrency), parse.GetValue(concurrentRequests), parse.GetValue(document), parse.GetValue(workers),
                    (parse.GetValue(nodeSetting) ?? []).Select(ParseSetting).ToArray(), ct);
                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is SolanaRpcException or InvalidOperationException or HttpRequestException or IOException or TimeoutException or Npgsql.NpgsqlException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The benchmark failed:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>What the benchmark buys from: the gateway, the chain, the paying client, and the node processes whose CPU it counts.</summary>
    private sealed record Target(Uri Gateway, SolanaRpcClient Rpc, Solana.Keypair Client, IReadOnlyList<NodeProcess> Nodes);

    /// <summary>The document the clients buy summaries of: the given file, or the bundled sample.</summary>
    private static async Task<string> ReadDocumentAsync(FileInfo? documentFile, CancellationToken ct) => documentFile is null
        ? (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "city-transport.txt"), ct)).Split('\n', 2)[1]
        : await File.ReadAllTextAsync(documentFile.FullName, ct);

    private static int Positive(int value, string option) => value > 0 ? value : throw new ArgumentException($"{option} must be at least 1, not {value}.");

    /// <exception cref="ArgumentException">Not Name=Value.</exception>
    private static (string Name, string Value) ParseSetting(string setting) => setting.Split('=', 2) is [var name, var value] && name.Length > 0
        ? (name.StartsWith("Node:", StringComparison.Ordinal) ? name[5..] : name, value)
        : throw new ArgumentException($"--node-setting must be Name=Value, such as Admission:MaxQueuedJobs=2, not '{setting}'.");

    private static async Task RunAsync(int requests, int concurrency, int concurrentRequests, FileInfo? documentFile, int workers,
        IReadOnlyList<(string Name, string Value)> nodeSettings, CancellationToken ct)
    {
        var text = await ReadDocumentAsync(documentFile, ct);
        var root = RepositoryLocator.FindRoot();
        var cost = (ulong)(requests + concurrentRequests + workers + 1) * ChainBootstrap.Price;
        await using var network = workers == 0 ? await LocalNetwork.StartAsync(root, new LocalNetworkOptions { ClientUsdc = cost, NodeSettings = nodeSettings }, ct) : null;
        await using var cluster = workers > 0 ? await LocalCluster.StartAsync(LocalCluster.OnFreePorts(workers), null, ct, nodeSettings) : null;
        var target = network is not null
            ? new Target(network.Node.Url, network.Rpc, network.Client, [network.Node])
            : new Target(cluster!.Gateway.Url, cluster.Rpc, cluster.Setup.Client, [cluster.Gateway, .. cluster.Workers]);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

        await ConsoleSteps.Step("Warm-up (JIT, first proof on every worker)", () => Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers)).Select(_ => BuyAsync(http, target, text, ct))));
        var sequential = new List<StageSample>();
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"{requests} paid requests, one at a time", maxValue: requests);
            for (var i = 0; i < requests; i++)
            {
                sequential.Add(await BuyAsync(http, target, text, ct));
                task.Increment(1);
            }
        });

        var loaded = new List<StageSample>();
        var cpuBefore = target.Nodes.Select(n => n.CpuTime).ToArray();
        var wall = Stopwatch.StartNew();
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"{concurrentRequests} paid requests, {concurrency} clients at once", maxValue: concurrentRequests);
            await Parallel.ForEachAsync(Enumerable.Range(0, concurrentRequests), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (_, token) =>
            {
                var sample = await BuyAsync(http, target, text, token);
                lock (loaded) loaded.Add(sample);
                task.Increment(1);
            });
        });
        var elapsed = wall.Elapsed.TotalSeconds;
        var cpu = target.Nodes.Select((n, i) => (n.CpuTime - cpuBefore[i]).TotalSeconds / concurrentRequests).ToArray();

        Console.WriteLine();
        Console.WriteLine($"| stage | p50 (s), 1 client | p95 (s), 1 client | p50 (s), {concurrency} clients | p95 (s), {concurrency} clients |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var stage in StageSample.Stages)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {stage} | {Percentile(sequential, stage, 50):0.000} | {Percentile(sequential, stage, 95):0.000} | {Percentile(loaded, stage, 50):0.000} | {Percentile(loaded, stage, 95):0.000} |"));
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Throughput with {concurrency} clients ({(workers == 0 ? "the embedded node" : $"a gateway and {workers} worker node(s)")}): {concurrentRequests} paid requests in {elapsed:0.0} s = {concurrentRequests / elapsed:0.00} requests/s ({60 * concurrentRequests / elapsed:0.0} per minute)."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per paid request, by node process: {string.Join(", ", cpu.Select((c, i) => $"{(workers == 0 ? "node" : i == 0 ? "gateway" : $"worker-{i}")} {c:0.00} s"))}; total {cpu.Sum():0.00} CPU-seconds, so about {1 / cpu.Sum():0.00} requests/s per core."));
    }

    /// <summary>One paid request: the client's timings, and the server's stages from the job's history.</summary>
    private static async Task<StageSample> BuyAsync(HttpClient http, Target target, string text, CancellationToken ct)
    {
        var result = await SummaryPurchase.BuyAsync(http, target.Gateway, text, 3, "escrow", target.Rpc, target.Client, ct);
        if (result.Answer is null) throw new InvalidOperationException($"The node refused the payment ({(int)result.Status}): {result.Error}");
        if (!result.Verified) throw new InvalidOperationException($"The client's check of the receipt failed: {string.Join("; ", result.ReceiptProblems)}");
        return await StageSample.ReadAsync(http, target.Gateway, result, ct);
    }

    private static double Percentile(IReadOnlyList<StageSample> samples, string stage, int percent) => StageSample.Percentile(samples, stage, percent);
}
