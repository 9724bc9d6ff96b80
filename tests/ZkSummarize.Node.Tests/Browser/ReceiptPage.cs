using System.Text.Json;
using PuppeteerSharp;

namespace ZkSummarize.Node.Tests.Browser;

/// <summary>One check as the page shows it: pass, fail, forgeable or skipped, and the sentence beside it.</summary>
public sealed record PageCheck(string Status, string Detail);

/// <summary>What the page concluded: its verdict (valid, invalid, forgeable) and every check by id.</summary>
public sealed record PageResult(string Verdict, IReadOnlyDictionary<string, PageCheck> Checks)
{
    /// <summary>The ids of the checks that did not pass.</summary>
    public IReadOnlySet<string> NotPassed => Checks.Where(c => c.Value.Status != "pass").Select(c => c.Key).ToHashSet();

    public override string ToString() => $"{Verdict}: " + string.Join("; ", Checks.Select(c => $"{c.Key} {c.Value.Status} ({c.Value.Detail})"));
}

/// <summary>The receipt page (src/receipt-page) in a real browser tab, driven as a person would: fill the form, press the button, read the checks.</summary>
public sealed class ReceiptPage(IPage page, List<string> errors) : IAsyncDisposable
{
    public IPage Page => page;

    /// <summary>Console errors and uncaught exceptions of the page so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get { lock (errors) return [.. errors]; }
    }

    public static async Task<ReceiptPage> OpenAsync(ChromiumFixture chromium, string url, ViewPortOptions? viewport = null)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        var errors = new List<string>();
        var page = await chromium.NewPageAsync(errors);
        if (viewport is not null) await page.SetViewportAsync(viewport);
        await page.GoToAsync(url);
        return new ReceiptPage(page, errors);
    }

    /// <summary>Pastes the receipt, sets the JSON-RPC URL, presses the button and waits for the verdict.</summary>
    public async Task<PageResult> CheckAsync(string receiptJson, Uri rpcUrl)
    {
        await page.EvaluateFunctionAsync("(json, rpc) => { document.getElementById('receipt-json').value = json; document.getElementById('rpc-url').value = rpc; }",
            receiptJson, rpcUrl.ToString());
        await page.ClickAsync("#check-button");
        return await ResultAsync();
    }

    /// <summary>Waits until every check has ended and reads the verdict and the checks.</summary>
    public async Task<PageResult> ResultAsync()
    {
        await page.WaitForSelectorAsync("#result[aria-busy='false'] #verdict[data-verdict]");
        var json = await page.EvaluateExpressionAsync<string>(
            "JSON.stringify({ verdict: document.getElementById('verdict').dataset.verdict, checks: Object.fromEntries([...document.querySelectorAll('#checks li')]"
            + ".map(li => [li.dataset.check, { status: li.dataset.status, detail: li.querySelector('.detail').textContent }])) })");
        using var result = JsonDocument.Parse(json);
        var checks = result.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(c => c.Name, c => new PageCheck(c.Value.GetProperty("status").GetString()!, c.Value.GetProperty("detail").GetString()!));
        return new PageResult(result.RootElement.GetProperty("verdict").GetString()!, checks);
    }

    /// <summary>The receipt's facts as the page lists them ("Request", "Worker", "Payment"…).</summary>
    public async Task<IReadOnlyDictionary<string, string>> FactsAsync() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(await page.EvaluateExpressionAsync<string>(
            "JSON.stringify(Object.fromEntries([...document.querySelectorAll('#facts dd')].map(dd => [dd.dataset.fact, dd.textContent])))"))!;

    /// <summary>The keys the page pins: hash and whether it reports them as forgeable.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> PinnedKeysAsync() =>
        JsonSerializer.Deserialize<Dictionary<string, bool>>(await page.EvaluateExpressionAsync<string>(
            "JSON.stringify(Object.fromEntries([...document.querySelectorAll('#pinned-keys li')].map(li => [li.dataset.keyHash, li.dataset.forgeable === 'true'])))"))!;

    public async ValueTask DisposeAsync() => await page.CloseAsync();
}
