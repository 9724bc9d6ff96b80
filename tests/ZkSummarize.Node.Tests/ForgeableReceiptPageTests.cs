using ZkSummarize.Node.Tests.Browser;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// security.md K1 in the browser: a real receipt from our dev chain, proven under the development key and
/// attested on chain, checks out in every other respect, and the page still never calls it valid: it is
/// FORGEABLE there and refused on any other network.
/// </summary>
public sealed class ForgeableReceiptPageTests(DevelopmentKeyNodeFixture node, ChromiumFixture chromium) : IClassFixture<DevelopmentKeyNodeFixture>, IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_development_key_receipt_on_the_dev_chain_is_shown_as_forgeable_never_valid()
    {
        var receipt = await node.ReceiptAsync();
        Assert.True(receipt.Forgeable);
        await using var page = await ReceiptPage.OpenAsync(chromium, new Uri(node.NodeUrl, "receipt/").ToString());
        var result = await page.CheckAsync(receipt.ToJson(), node.RpcUrl);

        Assert.True(result.Verdict == "forgeable", result.ToString());
        Assert.Equal(["key", "proof"], result.NotPassed.Order());
        Assert.Equal(("forgeable", "forgeable"), (result.Checks["key"].Status, result.Checks["proof"].Status));
        Assert.Contains("FORGEABLE", result.Checks["key"].Detail, StringComparison.Ordinal);
        Assert.Contains("FORGEABLE", (await page.FactsAsync())["Verifying key"], StringComparison.Ordinal);
        Assert.DoesNotContain("Valid", await page.Page.EvaluateExpressionAsync<string>("document.getElementById('verdict').textContent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_receipt_claiming_another_network_is_refused_for_its_key_and_its_chain()
    {
        var receipt = await node.ReceiptAsync();
        const string Devnet = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
        await using var page = await ReceiptPage.OpenAsync(chromium, new Uri(node.NodeUrl, "receipt/").ToString());
        var result = await page.CheckAsync((receipt with { Network = Devnet }).ToJson(), node.RpcUrl);

        Assert.True(result.Verdict == "invalid", result.ToString());
        Assert.Equal("fail", result.Checks["key"].Status);
        Assert.Contains($"not accepted on {Devnet}", result.Checks["key"].Detail, StringComparison.Ordinal);
        Assert.Equal("fail", result.Checks["network"].Status);
    }
}
