using System.Globalization;

namespace ZkSummarize.Cli;

/// <summary>What a soak is run against: the gateway, the chain and its setup, the node processes, and how to size the node's storage.</summary>
internal sealed record SoakTarget(Uri Gateway, Solana.Rpc.SolanaRpcClient Rpc, ChainSetup Setup, IReadOnlyList<(string Name, NodeProcess Process)> Nodes,
    string StorageName, Func<CancellationToken, Task<long>> StorageBytes);

/// <summary>One look at a running soak: progress, latency so far, the nodes' memory, the storage and the machine's load.</summary>
internal sealed record SoakSample(double Seconds, int Summaries, int Refused503, int Refused429, int Errors, int InFlight, double SummariesPerSecond,
    double TotalP50, double TotalP99, IReadOnlyDictionary<string, double> RssMiB, double StorageMiB, double LoadAverage1m);

/// <summary>Samples a soak at an interval and prints each sample as a progress line.</summary>
internal sealed class SoakSampler(SoakTarget target, SoakLoad load)
{
    private readonly List<SoakSample> _samples = [];

    public IReadOnlyList<SoakSample> Samples => _samples;

    /// <summary>Samples until <paramref name="ct"/> is cancelled (the load is over), then once more.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        await SampleAsync(CancellationToken.None);
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(ct)) await SampleAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await SampleAsync(CancellationToken.None);
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        var done = load.Done.ToList();
        int Count(string outcome) => done.Count(r => r.Outcome == outcome);
        var stages = done.Where(r => r.Stages is not null).Select(r => r.Stages!).ToList();
        var seconds = load.Elapsed.TotalSeconds;
        var sample = new SoakSample(Math.Round(seconds, 1), stages.Count, Count(SoakRequest.Refused503), Count(SoakRequest.Refused429), done.Count - stages.Count - Count(SoakRequest.Refused503) - Count(SoakRequest.Refused429),
            load.InFlight, seconds > 0 ? stages.Count / seconds : 0, StageSample.Percentile(stages, "total", 50), StageSample.Percentile(stages, "total", 99),
            target.Nodes.ToDictionary(n => n.Name, n => Math.Round(n.Process.MemoryBytes / 1048576.0, 1)), Math.Round(await target.StorageBytes(ct) / 1048576.0, 2), LoadAverage());
        _samples.Add(sample);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, // one line a sample, unwrapped, so that a log of the run reads as a table
            $"[{sample.Seconds,6:0} s] {sample.Summaries} summaries ({sample.SummariesPerSecond:0.00}/s), in flight {sample.InFlight}, refused 503 {sample.Refused503} / 429 {sample.Refused429}, errors {sample.Errors}; "
            + $"end to end p50 {sample.TotalP50:0.0} s p99 {sample.TotalP99:0.0} s; RSS {string.Join(", ", sample.RssMiB.Select(m => $"{m.Key} {m.Value:0} MiB"))}; {target.StorageName} {sample.StorageMiB:0.00} MiB; load {sample.LoadAverage1m:0.00}"));
    }

    /// <summary>The machine's 1-minute load average (Linux), or NaN where there is none.</summary>
    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
