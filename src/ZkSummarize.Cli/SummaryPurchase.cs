using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>How long each of the client's steps took: the 402 round trip, signing the payment, and the paid request (settlement and the work).</summary>
internal sealed record PurchaseTimings(TimeSpan Quote, TimeSpan Sign, TimeSpan Paid)
{
    public TimeSpan Total => Quote + Sign + Paid;
}

/// <summary>What buying a summary gave: the requirements paid, the node's status and its answer.</summary>
internal sealed record PurchaseResult(PaymentRequirements Accepted, HttpStatusCode Status, string Body, PurchaseTimings Timings)
{
    public JsonNode? Answer => Status == HttpStatusCode.OK ? JsonNode.Parse(Body) : null;

    public string Error => JsonNode.Parse(Body)?["error"]?.GetValue<string>() ?? Body;
}

/// <summary>The client's side of x402 against a ZkSummarize node: ask, get the 402, pay the chosen scheme, ask again.</summary>
internal static class SummaryPurchase
{
    /// <exception cref="InvalidOperationException">The node did not ask for payment, or does not offer the scheme.</exception>
    public static async Task<PurchaseResult> BuyAsync(HttpClient http, Uri node, string text, int sentences, string scheme, SolanaRpcClient rpc, Keypair payer, CancellationToken ct)
    {
        var endpoint = new Uri(node, "v1/summaries");
        var body = new { text, sentences };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var quote = await http.PostAsJsonAsync(endpoint, body, ct);
        var quoted = clock.Elapsed;
        if (quote.StatusCode != HttpStatusCode.PaymentRequired)
        {
            throw new InvalidOperationException($"The node answered {(int)quote.StatusCode} instead of a price: {await quote.Content.ReadAsStringAsync(ct)}");
        }
        var required = X402Headers.Decode<PaymentRequired>(quote.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired);
        var accepted = required.Accepts.FirstOrDefault(a => a.Scheme == scheme)
            ?? throw new InvalidOperationException($"The node does not offer the {scheme} scheme; it offers {string.Join(", ", required.Accepts.Select(a => a.Scheme))}.");
        var header = await new SvmPaymentClient(rpc, payer).CreatePaymentHeaderAsync(accepted, $"pay_{Guid.NewGuid():N}", ct);
        var signed = clock.Elapsed;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(body) };
        request.Headers.Add(X402Headers.PaymentSignature, header);
        var paid = await http.SendAsync(request, ct);
        var answer = await paid.Content.ReadAsStringAsync(ct);
        return new PurchaseResult(accepted, paid.StatusCode, answer, new PurchaseTimings(quoted, signed - quoted, clock.Elapsed - signed));
    }
}
