using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkSummarize.DevChain;
using ZkSummarize.Summarization.Evaluation;

namespace ZkSummarize.Cli.Evaluation;

/// <summary>
/// Runs the npm summarizers we compare against, and js-rouge over every system, through
/// tests/js/summaries/peers.mjs (installed by scripts/setup.sh).
/// </summary>
internal static class NodePeers
{
    public sealed record Result(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> PeerOutputs,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, (double R1, double R2, double RL)>> JsRouge,
        IReadOnlyDictionary<string, double> Milliseconds);

    public static async Task<Result> RunAsync(
        IReadOnlyList<ReferenceArticle> articles,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, SystemOutput>> ourOutputs,
        CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RepositoryLocator.FindRoot(), "tests", "js", "summaries");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            throw new InvalidOperationException($"The peer summarizers are not installed in {folder}. Run scripts/setup.sh first.");
        }
        var input = new JsonObject
        {
            ["documents"] = new JsonArray(articles.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id,
                ["text"] = a.Body,
                ["count"] = a.ReferenceSentences.Count,
                ["reference"] = new JsonArray(a.ReferenceSentences.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                ["systems"] = new JsonObject(ourOutputs.Select(system => KeyValuePair.Create(system.Key,
                    (JsonNode?)new JsonArray(system.Value[a.Id].Text.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray())))),
            }).ToArray()),
        };
        var inputPath = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(inputPath, input.ToJsonString(), cancellationToken);
            var output = await RunNodeAsync(folder, inputPath, cancellationToken);
            using var json = JsonDocument.Parse(output);
            var peers = json.RootElement.GetProperty("peers").EnumerateObject().ToDictionary(
                p => p.Name,
                p => (IReadOnlyDictionary<string, IReadOnlyList<string>>)p.Value.EnumerateObject().ToDictionary(
                    d => d.Name, d => (IReadOnlyList<string>)d.Value.EnumerateArray().Select(s => s.GetString() ?? "").ToArray()));
            var rouge = json.RootElement.GetProperty("rouge").EnumerateObject().ToDictionary(
                s => s.Name,
                s => (IReadOnlyDictionary<string, (double, double, double)>)s.Value.EnumerateObject().ToDictionary(
                    d => d.Name, d => (d.Value.GetProperty("r1").GetDouble(), d.Value.GetProperty("r2").GetDouble(), d.Value.GetProperty("rl").GetDouble())));
            var milliseconds = json.RootElement.GetProperty("milliseconds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            return new Result(peers, rouge, milliseconds);
        }
        finally
        {
            File.Delete(inputPath);
        }
    }

    private static async Task<string> RunNodeAsync(string folder, string inputPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("peers.mjs");
        start.ArgumentList.Add(inputPath);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node. Install Node.js (scripts/setup.sh does).");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"peers.mjs exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
