using System.Net;
using System.Text;
using System.Text.Json;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node.Tests;

/// <summary>Each unpaid request stores a quote, so a client address gets a limited number a minute; paying is never limited.</summary>
public sealed class RateLimitTests(RateLimitedNodeFixture node) : IClassFixture<RateLimitedNodeFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static StringContent Json() => new(JsonSerializer.Serialize(new { text = TestDocuments.Article }), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Unpaid_requests_over_the_limit_get_429_with_retry_after_and_a_paid_request_still_goes_through()
    {
        using var http = new HttpClient();
        var endpoint = new Uri(node.NodeUrl, "v1/summaries");
        HttpResponseMessage? last = null;
        for (var i = 0; i < RateLimitedNodeFixture.UnpaidPerMinute; i++)
        {
            last = await http.PostAsync(endpoint, Json(), Ct);
            Assert.Equal(HttpStatusCode.PaymentRequired, last.StatusCode);
        }
        var limited = await http.PostAsync(endpoint, Json(), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Pay for the summary", await limited.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var exact = X402Headers.Decode<PaymentRequired>(last!.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired).Accepts.Single(a => a.Scheme == "exact");
        using var paid = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = Json() };
        paid.Headers.Add(X402Headers.PaymentSignature, await new SvmPaymentClient(node.Rpc, node.Client).CreatePaymentHeaderAsync(exact, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(paid, Ct)).StatusCode);

        // gRPC Quote draws on the same budget.
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(node.GrpcUrl);
        var quote = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await new Grpc.Summaries.SummariesClient(channel).QuoteAsync(new Grpc.QuoteRequest { Text = TestDocuments.Article }, cancellationToken: Ct));
        Assert.Equal(global::Grpc.Core.StatusCode.ResourceExhausted, quote.StatusCode);
    }
}
