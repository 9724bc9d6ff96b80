using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node.Tests;

/// <summary>A quote the node issued for the escrow scheme, and the client's signed payment for it (not yet sent).</summary>
public sealed record EscrowPayment(PaymentRequirements Quote, string Payment)
{
    public string RequestId => Quote.Extra!["requestId"]!.GetValue<string>();
}

/// <summary>The fixture's client buying 2-sentence summaries of the test article from a node over HTTP, one step at a time.</summary>
/// <param name="nodeUrl">Another node on the fixture's chain to buy from; the fixture's node when null.</param>
/// <param name="text">The document; the test article when null.</param>
/// <param name="sentences">The summary's length.</param>
public sealed class EscrowBuyer(NodeFixture node, HttpClient http, Uri? nodeUrl = null, string? text = null, int sentences = 2)
{
    private Uri Endpoint => new(nodeUrl ?? node.NodeUrl, "v1/summaries");

    /// <summary>Asks for the price (402) and signs the escrow payment the node quoted.</summary>
    public async Task<EscrowPayment> QuoteAndPayAsync(CancellationToken ct) => await PayAsync(await QuoteAsync(ct), ct);

    /// <summary>Asks for the price (402): the escrow requirements the node quoted.</summary>
    public async Task<PaymentRequirements> QuoteAsync(CancellationToken ct)
    {
        var response = await http.PostAsync(Endpoint, Body(), ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        return X402Headers.Decode<PaymentRequired>(response.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired)
            .Accepts.Single(a => a.Scheme == "escrow");
    }

    /// <summary>Signs the escrow payment for a quote (with a fresh blockhash).</summary>
    public async Task<EscrowPayment> PayAsync(PaymentRequirements quote, CancellationToken ct) =>
        new(quote, await new SvmPaymentClient(node.Rpc, node.Client).CreatePaymentHeaderAsync(quote, cancellationToken: ct));

    public async Task<HttpResponseMessage> PostPaidAsync(string payment, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = Body() };
        request.Headers.Add(X402Headers.PaymentSignature, payment);
        return await http.SendAsync(request, ct);
    }

    /// <param name="asPayer">Sign the read with the paying key: only the payer sees the summary.</param>
    public async Task<JobStatus> StatusAsync(string requestId, CancellationToken ct, bool asPayer = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(nodeUrl ?? node.NodeUrl, $"v1/summaries/{requestId}"));
        if (asPayer) request.Headers.Add(SummaryAccess.Header, SummaryAccess.Sign(node.Client, requestId));
        var response = await http.SendAsync(request, ct);
        return (await response.Content.ReadFromJsonAsync<JobStatus>(X402Headers.Json, ct))!;
    }

    private StringContent Body() => new(JsonSerializer.Serialize(new { text = text ?? TestDocuments.Article, sentences }), Encoding.UTF8, "application/json");
}
