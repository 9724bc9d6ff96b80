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
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_budget()
    {
        using var http = new HttpClient();
        var endpoint = new Uri(node.NodeUrl, "v1/summaries");
        for (var i = 0; i < RateLimitedNodeFixture.UnpaidPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, (await PostForwarded(http, endpoint, "203.0.113.7")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostForwarded(http, endpoint, "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await PostForwarded(http, endpoint, "203.0.113.8")).StatusCode);
    }

    [Fact]
    public async Task A_client_that_is_not_a_known_proxy_cannot_escape_the_limit_with_x_forwarded_for()
    {
        // Connect from 127.0.0.2, which the node does not trust, and claim a new address every time.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        });
        var endpoint = new Uri(node.NodeUrl, "v1/summaries");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedNodeFixture.UnpaidPerMinute; i++) statuses.Add((await PostForwarded(http, endpoint, $"198.51.100.{i + 1}")).StatusCode);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.PaymentRequired, RateLimitedNodeFixture.UnpaidPerMinute), HttpStatusCode.TooManyRequests], statuses);
    }

    private static Task<HttpResponseMessage> PostForwarded(HttpClient http, Uri endpoint, string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = Json() };
        request.Headers.Add("X-Forwarded-For", client);
        return http.SendAsync(request, Ct);
    }

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
