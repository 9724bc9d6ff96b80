using System.Text.Json.Nodes;
using ZkSummarize.Testing;

namespace ZkSummarize.Cli.Tests;

/// <summary>The README's main job (`zks demo`) as a real process, and `zks verify` on its receipt and on tampered copies.</summary>
public sealed class DemoAndVerifyTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_pays_proves_attests_and_its_receipt_verifies_while_tampered_copies_do_not()
    {
        await OnchainBuild.EnsureProgramFileAsync();
        await CircuitBuild.EnsureBuiltAsync();
        var dir = Directory.CreateTempSubdirectory("zks-demo-");
        try
        {
            var receipt = Path.Combine(dir.FullName, "receipt.json");
            var demo = await ZksProcess.RunAsync(["demo", "--receipt", receipt], Ct);
            Assert.True(demo.ExitCode == 0, demo.Output + demo.Error);
            Assert.Contains("The attestation", demo.Output, StringComparison.Ordinal);
            Assert.Contains("Done.", demo.Output, StringComparison.Ordinal);

            var valid = await ZksProcess.RunAsync(["verify", receipt], Ct);
            Assert.True(valid.ExitCode == 0, valid.Output);

            var original = JsonNode.Parse(await File.ReadAllTextAsync(receipt, Ct))!.AsObject();
            foreach (var (name, tamper, expected) in Tamperings())
            {
                var copy = original.DeepClone().AsObject();
                tamper(copy);
                var path = Path.Combine(dir.FullName, $"{name}.json");
                await File.WriteAllTextAsync(path, copy.ToJsonString(), Ct);
                var result = await ZksProcess.RunAsync(["verify", path], Ct);
                Assert.True(result.ExitCode == 1, $"{name}: {result.Output}");
                Assert.Contains(expected, System.Text.RegularExpressions.Regex.Replace(result.Output, @"\s+", " "), StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static IEnumerable<(string Name, Action<JsonObject> Tamper, string Expected)> Tamperings()
    {
        yield return ("text", r => r["summary"]![0]!["text"] = r["summary"]![0]!["text"]!.GetValue<string>() + " Allegedly.", "do not hash to summaryHash");
        yield return ("order", r =>
        {
            var summary = r["summary"]!.AsArray();
            var first = summary[0]!.DeepClone();
            summary[0] = summary[1]!.DeepClone();
            summary[1] = first;
        }, "not strictly increasing");
        yield return ("proof", r =>
        {
            var proof = r["proof"]!.GetValue<string>().ToCharArray();
            proof[300] = proof[300] == '0' ? '1' : '0';
            r["proof"] = new string(proof);
        }, "proof");
        // change the last hex digit (a fixed prefix would sometimes equal the original and change nothing)
        yield return ("summaryHash", r =>
        {
            var hash = r["summaryHash"]!.GetValue<string>();
            r["summaryHash"] = hash[..^1] + (hash[^1] == '0' ? '1' : '0');
        }, "summaryHash");
        yield return ("version", r => r["version"] = 99, "version 99 is not supported");
    }
}
