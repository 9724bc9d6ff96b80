using PuppeteerSharp;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Node.Tests.Browser;
using ZkSummarize.Solana;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// The receipt page in Debian's chromium against a real node, a real chain and a real receipt (escrow, proven
/// under the ceremony key): a valid receipt passes every check; each kind of tampering fails the check that
/// should catch it and no other; a key the page does not pin is never valid; and the page works from disk, on
/// a phone-sized screen, with the keyboard alone.
/// </summary>
[Collection(ReceiptsAndAgentsCollection.Name)]
public sealed class ReceiptPageTests(EscrowNodeFixture node, ChromiumFixture chromium)
{
    private static readonly string[] AllChecks = ["format", "key", "summary", "inputs", "proof", "network", "attestation"];

    private Uri PageUrl => new(node.NodeUrl, "receipt/");

    [Fact]
    public async Task A_valid_receipt_passes_every_check_on_the_page_the_node_serves_and_shows_what_it_proves()
    {
        var receipt = await node.ReceiptAsync();
        await using var page = await ReceiptPage.OpenAsync(chromium, PageUrl.ToString());
        var result = await page.CheckAsync(receipt.ToJson(), node.RpcUrl);

        Assert.True(result.Verdict == "valid", result.ToString());
        Assert.Equal(AllChecks.Order(), result.Checks.Keys.Order());
        Assert.Empty(result.NotPassed);
        Assert.Contains("ceremony key", result.Checks["key"].Detail, StringComparison.Ordinal);
        var facts = await page.FactsAsync();
        Assert.Equal(receipt.RequestId, facts["Request"]);
        Assert.Equal(receipt.Worker, facts["Worker"]);
        Assert.Contains(receipt.Transactions["openEscrow"], facts["Payment"], StringComparison.Ordinal);
        Assert.Equal(receipt.Transactions["attest"], facts["Attestation transaction"]);
        Assert.Contains("pinned by this page", facts["Verifying key"], StringComparison.Ordinal);
        Assert.Contains(receipt.CommittedText!.Sha256!, facts["Committed text"], StringComparison.Ordinal);
        Assert.Empty(page.Errors);
        // What docs/receipts.md shows (docs/images/receipt-page.png): the checks of a valid receipt.
        await page.Page.EvaluateExpressionAsync("document.activeElement.blur()");
        await (await page.Page.QuerySelectorAsync("#result")).ScreenshotAsync(Path.Combine(ScreenshotFolder(), "receipt-page-valid.png"));
    }

    public static TheoryData<string> Tamperings => ["sentence", "proof byte", "request id"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task A_tampered_receipt_fails_the_check_that_catches_it_and_no_other(string tampering)
    {
        var receipt = await node.ReceiptAsync();
        var (tampered, failing) = tampering switch
        {
            // The proof is over the summaryHash the receipt states; only the recomputed hash can differ.
            "sentence" => (receipt with { Summary = [receipt.Summary[0] with { Text = receipt.Summary[0].Text + " Or so they say." }, .. receipt.Summary.Skip(1)] },
                (string[])["summary"]),
            "proof byte" => (receipt with { Proof = FlipLastByte(receipt.Proof) }, ["proof"]),
            // Another request: the summary chain starts elsewhere, the public inputs and the proof are of the old one, and no attestation is at its address.
            "request id" => (receipt with { RequestId = Convert.ToHexStringLower(FieldEncoding.NewRequestId()) }, ["summary", "inputs", "proof", "attestation"]),
            _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
        };
        await using var page = await ReceiptPage.OpenAsync(chromium, PageUrl.ToString());
        var result = await page.CheckAsync(tampered.ToJson(), node.RpcUrl);

        Assert.True(result.Verdict == "invalid", result.ToString());
        Assert.Equal(failing.Order(), result.NotPassed.Order());
        Assert.All(failing, id => Assert.Equal("fail", result.Checks[id].Status));
        Assert.All(failing, id => Assert.NotEmpty(result.Checks[id].Detail));
    }

    [Fact]
    public async Task A_receipt_whose_attestation_is_missing_on_chain_fails_the_attestation_check()
    {
        var receipt = await node.ReceiptAsync();
        var address = PublicKey.Parse(receipt.Attestation);
        var account = (await node.Rpc.GetAccountInfoAsync(address, cancellationToken: TestContext.Current.CancellationToken))!;
        await node.Admin.SetAccountAsync(receipt.Attestation, 0, Array.Empty<byte>(), "11111111111111111111111111111111", cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            await using var page = await ReceiptPage.OpenAsync(chromium, PageUrl.ToString());
            var result = await page.CheckAsync(receipt.ToJson(), node.RpcUrl);
            Assert.True(result.Verdict == "invalid", result.ToString());
            Assert.Equal(["attestation"], result.NotPassed);
            Assert.Contains("there is no attestation of this request on chain", result.Checks["attestation"].Detail, StringComparison.Ordinal);
        }
        finally
        {
            await node.Admin.SetAccountAsync(receipt.Attestation, account.Lamports, account.Data, account.Owner.ToString(), cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    /// <summary>security.md K1 and C4, in the browser: the page looks the key up by hash among its own, whatever the receipt says about it.</summary>
    [Fact]
    public async Task A_receipt_naming_a_key_the_page_does_not_pin_is_never_valid()
    {
        var receipt = await node.ReceiptAsync();
        var unpinned = receipt with { VerifyingKeyHash = new string('7', 64), VerifyingKeyName = "the project's ceremony key, honestly", Forgeable = false };
        await using var page = await ReceiptPage.OpenAsync(chromium, PageUrl.ToString());
        var result = await page.CheckAsync(unpinned.ToJson(), node.RpcUrl);

        Assert.True(result.Verdict == "invalid", result.ToString());
        Assert.Equal("fail", result.Checks["key"].Status);
        Assert.Contains("not a key this page pins", result.Checks["key"].Detail, StringComparison.Ordinal);
        Assert.Equal("skipped", result.Checks["proof"].Status);
        Assert.Equal("fail", result.Checks["attestation"].Status); // the program recorded the key it really used
    }

    [Fact]
    public async Task The_page_pins_exactly_the_keys_this_software_pins_and_reports_the_same_ones_as_forgeable()
    {
        // Without the trailing slash: the node redirects, or the page's relative links would miss.
        await using var page = await ReceiptPage.OpenAsync(chromium, new Uri(node.NodeUrl, "receipt").ToString());
        var pinned = await page.PinnedKeysAsync();
        Assert.Equal(TrustedKeys.All.ToDictionary(k => k.Hash, k => k.Forgeable).OrderBy(k => k.Key), pinned.OrderBy(k => k.Key));
    }

    /// <summary>The page as a file anyone can keep: opened from disk, on a phone-sized screen, with a link that carries the receipt.</summary>
    [Fact]
    public async Task From_disk_on_a_phone_sized_screen_a_link_carrying_the_receipt_opens_and_checks_it()
    {
        var receipt = await node.ReceiptAsync();
        var compact = System.Text.Json.Nodes.JsonNode.Parse(receipt.ToJson())!.ToJsonString();
        var link = $"{new Uri(PagePath()).AbsoluteUri}#rpc={Uri.EscapeDataString(node.RpcUrl.ToString())}&receipt={System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(compact))}";
        await using var page = await ReceiptPage.OpenAsync(chromium, link, Phone);
        var result = await page.ResultAsync();

        Assert.True(result.Verdict == "valid", result.ToString());
        // Nothing is wider than the screen: no sideways scrolling on a phone.
        Assert.True(await page.Page.EvaluateExpressionAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        Assert.Empty(page.Errors);
        await page.Page.ScreenshotAsync(Path.Combine(ScreenshotFolder(), "receipt-page-phone.png"), new ScreenshotOptions { FullPage = true });
    }

    /// <summary>Keyboard alone: the tab order follows the form, every focused control shows it, Enter checks, and focus lands on the result.</summary>
    [Fact]
    public async Task With_the_keyboard_alone_the_form_is_reached_in_order_with_visible_focus_and_the_result_gets_focus()
    {
        var receipt = await node.ReceiptAsync();
        await using var page = await ReceiptPage.OpenAsync(chromium, new Uri(PagePath()).AbsoluteUri, Phone);
        var keyboard = page.Page.Keyboard;
        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await keyboard.PressAsync("Tab");
            order.Add(await page.Page.EvaluateExpressionAsync<string>("document.activeElement.id || document.activeElement.className"));
            Assert.True(await page.Page.EvaluateExpressionAsync<bool>("getComputedStyle(document.activeElement).outlineStyle !== 'none' && parseFloat(getComputedStyle(document.activeElement).outlineWidth) >= 2"),
                $"{order[^1]} shows no focus outline");
        }
        Assert.Equal(["skip", "receipt-json", "receipt-file", "rpc-url", "check-button"], order);

        await keyboard.DownAsync("Shift");
        await keyboard.PressAsync("Tab"); // back to the JSON-RPC URL
        await keyboard.PressAsync("Tab");
        await keyboard.PressAsync("Tab"); // back to the receipt box
        await keyboard.UpAsync("Shift");
        Assert.Equal("receipt-json", await page.Page.EvaluateExpressionAsync<string>("document.activeElement.id"));
        await keyboard.SendCharacterAsync(receipt.ToJson()); // a paste: one input event with the whole text
        await keyboard.PressAsync("Tab");
        await keyboard.PressAsync("Tab");
        await page.Page.EvaluateExpressionAsync("document.activeElement.select()");
        await keyboard.SendCharacterAsync(node.RpcUrl.ToString());
        await keyboard.PressAsync("Enter"); // submits the form from the URL field
        var result = await page.ResultAsync();

        Assert.True(result.Verdict == "valid", result.ToString());
        Assert.Equal("result-heading", await page.Page.EvaluateExpressionAsync<string>("document.activeElement.id"));
    }

    private static readonly ViewPortOptions Phone = new() { Width = 390, Height = 844, IsMobile = true, HasTouch = true, DeviceScaleFactor = 1 };

    private static string PagePath() => RepoPaths.Combine("src", "receipt-page", "dist", "index.html");

    private static string ScreenshotFolder() => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    private static string FlipLastByte(string hex) => hex[..^2] + (Convert.ToByte(hex[^2..], 16) ^ 1).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
}
