using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// `zks summarize` against a real node whose admission refuses (503 + Retry-After, issue 18): it waits as
/// asked, showing that it waits, and asks again; it gives up at --max-wait; it pays nothing before a quote.
/// </summary>
public sealed class BusyNodeClientTests(OneJobQueueNodeFixture node) : IClassFixture<OneJobQueueNodeFixture>, IDisposable
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zks-busy-");

    private async Task<(int ExitCode, string Output)> SummarizeAsync(string maxWait)
    {
        var document = Path.Combine(_dir.FullName, "article.txt");
        await File.WriteAllTextAsync(document, TestDocuments.Article, Ct);
        return await ZksCli.RunAsync(["summarize", document, "--node", node.NodeUrl.ToString(), "--keypair", node.ClientKeyFile, "--rpc", node.RpcUrl.ToString(),
            "--sentences", "2", "--receipt", Path.Combine(_dir.FullName, "receipt.json"), "--max-wait", maxWait], Ct);
    }

    [Fact]
    public async Task Zks_summarize_waits_out_a_full_queue_then_pays_once_and_gives_up_at_max_wait_without_paying()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var buyer = new EscrowBuyer(node, http);
        var before = await node.BalancesAsync();

        // Another client's unpaid quote holds the one place: a client that will not wait is refused and pays nothing.
        await buyer.QuoteAsync(Ct);
        var impatient = await SummarizeAsync("0");
        Assert.True(impatient.ExitCode == 1, impatient.Output);
        Assert.Contains("503", ZksCli.Flat(impatient.Output), StringComparison.Ordinal);
        Assert.Contains("would pass --max-wait (0 s). Nothing was paid", ZksCli.Flat(impatient.Output), StringComparison.Ordinal);
        Assert.Equal(before, await node.BalancesAsync());

        // A patient one waits as Retry-After asks until the held place lapses, then buys: paid exactly once.
        var patient = await SummarizeAsync("2m");
        Assert.True(patient.ExitCode == 0, patient.Output + node.NodeOutput);
        Assert.Contains("Attempt 1:", patient.Output, StringComparison.Ordinal);
        Assert.Contains("too busy to take paid work", ZksCli.Flat(patient.Output), StringComparison.Ordinal);
        Assert.Contains("Receipt checked", patient.Output, StringComparison.Ordinal);
        Assert.Equal(before.Client - NodeFixture.Price, (await node.BalancesAsync()).Client);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
