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
        var command = new Command("bench", "Measure paid, proven summaries end to end on a local chain and node: latency by stage, and throughput with concurrent clients.")
        {
            requests, concurrency, concurrentRequests, document, workers,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await RunAsync(parse.GetValue(requests), parse.GetValue(concurrency), parse.GetValue(concurrentRequests), parse.GetValue(document), parse.GetValue(workers), ct);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is SolanaRpcException or InvalidOperationException or HttpRequestException or IOException or TimeoutException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The benchmark failed:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private sealed record Sample(Dictionary<string, double> Seconds);

    private static readonly string[] Stages = ["quote", "sign", "settle", "summarize", "prove", "attest", "total"];

    /// <summary>What the benchmark buys from: the gateway, the chain, the paying client, and the node processes whose CPU it counts.</summary>
    private sealed record Target(Uri Gateway, SolanaRpcClient Rpc, Solana.Keypair Client, IReadOnlyList<NodeProcess> Nodes);

    private static async Task RunAsync(int requests, int concurrency, int concurrentRequests, FileInfo? documentFile, int workers, CancellationToken ct)
    {
        var text = documentFile is null
            ? File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "city-transport.txt")).Split('\n', 2)[1]
            : await File.ReadAllTextAsync(documentFile.FullName, ct);
        var root = RepositoryLocator.FindRoot();
        var cost = (ulong)(requests + concurrentRequests + workers + 1) * ChainBootstrap.Price;
        await using var network = workers == 0 ? await LocalNetwork.StartAsync(root, cost, ct) : null;
        await using var cluster = workers > 0 ? await LocalCluster.StartAsync(LocalCluster.OnFreePorts(workers), null, ct) : null;
        var target = network is not null
            ? new Target(network.Node.Url, network.Rpc, network.Client, [network.Node])
            : new Target(cluster!.Gateway.Url, cluster.Rpc, cluster.Setup.Client, [cluster.Gateway, .. cluster.Workers]);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

        await ConsoleSteps.Step("Warm-up (JIT, first proof on every worker)", () => Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers)).Select(_ => BuyAsync(http, target, text, ct))));
        var sequential = new List<Sample>();
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"{requests} paid requests, one at a time", maxValue: requests);
            for (var i = 0; i < requests; i++)
            {
                sequential.Add(await BuyAsync(http, target, text, ct));
                task.Increment(1);
            }
        });

        var loaded = new List<Sample>();
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
        foreach (var stage in Stages)
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
    private static async Task<Sample> BuyAsync(HttpClient http, Target target, string text, CancellationToken ct)
    {
        var result = await SummaryPurchase.BuyAsync(http, target.Gateway, text, 3, "escrow", target.Rpc, target.Client, ct);
        if (result.Answer is not { } answer) throw new InvalidOperationException($"The node refused the payment ({(int)result.Status}): {result.Error}");
        var requestId = answer["requestId"]!.GetValue<string>();
        var job = (await http.GetFromJsonAsync<JsonNode>(new Uri(target.Gateway, $"v1/summaries/{requestId}"), ct))!;
        var history = job["history"]!.AsArray().Select(h => (Stage: h!["stage"]!.ToString(), At: DateTimeOffset.Parse(h["at"]!.GetValue<string>(), CultureInfo.InvariantCulture))).ToList();
        DateTimeOffset At(string stage) => history.First(h => h.Stage == stage).At;
        var escrowed = history.FindIndex(h => h.Stage == "Escrowed");
        var seconds = new Dictionary<string, double>
        {
            ["quote"] = result.Timings.Quote.TotalSeconds,
            ["sign"] = result.Timings.Sign.TotalSeconds,
            ["settle"] = (history[escrowed].At - history[escrowed - 1].At).TotalSeconds, // from the payment's arrival (recorded before sending) to its confirmation
            ["summarize"] = (At("Proving") - At("Summarizing")).TotalSeconds,
            ["prove"] = (At("Attesting") - At("Proving")).TotalSeconds,
            ["attest"] = (At("Settled") - At("Attesting")).TotalSeconds,
            ["total"] = result.Timings.Total.TotalSeconds,
        };
        return new Sample(seconds);
    }

    private static double Percentile(IReadOnlyList<Sample> samples, string stage, int percent)
    {
        var sorted = samples.Select(s => s.Seconds[stage]).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1; // nearest-rank
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
