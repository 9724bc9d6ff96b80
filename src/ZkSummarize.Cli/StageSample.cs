using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ZkSummarize.Cli;

/// <summary>
/// How long one paid request spent in each stage, in seconds: the client's own timings (the 402 round trip,
/// signing, end to end) and the node's, from the job's history (settling the payment, summarising, proving
/// with its wait for a proving slot, attesting).
/// </summary>
internal sealed record StageSample(IReadOnlyDictionary<string, double> Seconds)
{
    public static readonly string[] Stages = ["quote", "sign", "settle", "summarize", "prove", "attest", "total"];

    /// <summary>The stages of a request the node answered with its summary, reading the job's history from the node.</summary>
    public static async Task<StageSample> ReadAsync(HttpClient http, Uri gateway, PurchaseResult result, CancellationToken ct)
    {
        var requestId = result.Receipt!.RequestId; // a verified purchase's
        var job = (await http.GetFromJsonAsync<JsonNode>(new Uri(gateway, $"v1/summaries/{requestId}"), ct))!;
        var history = job["history"]!.AsArray().Select(h => (Stage: h!["stage"]!.ToString(), At: DateTimeOffset.Parse(h["at"]!.GetValue<string>(), CultureInfo.InvariantCulture))).ToList();
        DateTimeOffset At(string stage) => history.First(h => h.Stage == stage).At;
        var escrowed = history.FindIndex(h => h.Stage == "Escrowed");
        return new StageSample(new Dictionary<string, double>
        {
            ["quote"] = result.Timings.Quote.TotalSeconds,
            ["sign"] = result.Timings.Sign.TotalSeconds,
            ["settle"] = (history[escrowed].At - history[escrowed - 1].At).TotalSeconds, // from the payment's arrival (recorded before sending) to its confirmation
            ["summarize"] = (At("Proving") - At("Summarizing")).TotalSeconds,
            ["prove"] = (At("Attesting") - At("Proving")).TotalSeconds,
            ["attest"] = (At("Settled") - At("Attesting")).TotalSeconds,
            ["total"] = result.Timings.Total.TotalSeconds,
        });
    }

    /// <summary>The nearest-rank percentile of a stage over the samples; NaN when there are none.</summary>
    public static double Percentile(IEnumerable<StageSample> samples, string stage, int percent)
    {
        var sorted = samples.Select(s => s.Seconds[stage]).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
