using System.Text.Json;
using ZkSummarize.Testing;

namespace ZkSummarize.Cli.Tests;

/// <summary>
/// The CI version of issue 18's soak: `zks bench --duration` with 8 paying clients for 40 s against the embedded
/// node, its queue capped at two jobs so that some clients are refused with 503 before paying. The run must end
/// with the money conserved on chain, and no refused request may have sent a payment.
/// </summary>
public sealed class SoakTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private const ulong Price = 250_000;

    // Tiny, so that the clients' requests are cheap to make: the proof is the same size whatever the document.
    private const string Document = "Buses run every ten minutes. Trams were cut last year. The council wants more bike lanes. Fares rose in March. Riders are unhappy.";

    [Fact]
    public async Task A_short_soak_refuses_overload_before_payment_and_conserves_money()
    {
        await OnchainBuild.EnsureProgramFileAsync();
        await CircuitBuild.EnsureBuiltAsync();
        var dir = Directory.CreateTempSubdirectory("zks-soak-");
        try
        {
            var document = Path.Combine(dir.FullName, "tiny.txt");
            var summary = Path.Combine(dir.FullName, "soak.json");
            await File.WriteAllTextAsync(document, Document, Ct);
            var run = await ZksProcess.RunAsync(["bench", "--duration", "40s", "--clients", "8", "--document", document, "--node-setting", "Admission:MaxQueuedJobs=2", "--out", summary], Ct);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            Assert.Contains("Money is conserved", run.Output, StringComparison.Ordinal);
            Assert.Contains("refused 503", run.Output, StringComparison.Ordinal); // the progress lines show the refusals as they happen

            var json = JsonDocument.Parse(await File.ReadAllTextAsync(summary, Ct)).RootElement;
            var outcomes = json.GetProperty("outcomes");
            Assert.True(outcomes.TryGetProperty("refused 503", out var refused) && refused.GetInt32() > 0, "no request was refused: the queue cap did not bite\n" + run.Output);
            var summaries = json.GetProperty("summaries").GetInt32();
            Assert.True(summaries > 0, run.Output);

            var audit = json.GetProperty("audit");
            Assert.True(audit.GetProperty("conserved").GetBoolean(), audit.GetProperty("problems").ToString());
            Assert.Empty(audit.GetProperty("problems").EnumerateArray());
            var attested = audit.GetProperty("attested").GetInt32();
            var refundable = audit.GetProperty("stillRefundable").GetInt32();
            Assert.Equal(summaries, attested); // every summary delivered was paid out on chain, and nothing else was
            // The clients paid for exactly the payments that landed: a refused request (or a second charge) would show here.
            Assert.Equal((ulong)(attested + refundable) * Price, audit.GetProperty("clientDebits").GetUInt64());
            Assert.Equal(audit.GetProperty("clientDebits").GetUInt64(),
                audit.GetProperty("workerCredits").GetUInt64() + audit.GetProperty("treasuryCredits").GetUInt64() + audit.GetProperty("vaultBalances").GetUInt64());
            Assert.Equal((ulong)attested * (Price * 5 / 100), audit.GetProperty("treasuryCredits").GetUInt64()); // the program's 5% fee, once per attestation

            // Over time: the samples cover the run, and the node's memory and storage were read.
            var samples = json.GetProperty("samples").EnumerateArray().ToList();
            Assert.True(samples.Count >= 5, run.Output);
            Assert.All(samples, s => Assert.True(s.GetProperty("rssMiB").GetProperty("node").GetDouble() > 0));
            Assert.True(samples[^1].GetProperty("storageMiB").GetDouble() > 0);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
