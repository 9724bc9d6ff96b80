using System.Net;
using System.Text;
using System.Text.Json;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// Each unpaid request stores a quote, and each refused payment costs as much, so a client address gets a
/// limited number of both a minute; a client within that budget is never limited when it pays.
/// </summary>
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
        using var http = ClientFrom("127.0.0.2");
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
    public async Task Unpaid_requests_over_the_limit_get_429_with_retry_after_and_a_paid_request_within_it_goes_through()
    {
        using var http = ClientFrom("127.0.0.3"); // an address of its own, so that other tests' requests do not count
        var endpoint = new Uri(node.NodeUrl, "v1/summaries");
        HttpResponseMessage? last = null;
        for (var i = 0; i < RateLimitedNodeFixture.UnpaidPerMinute - 1; i++)
        {
            last = await http.PostAsync(endpoint, Json(), Ct);
            Assert.Equal(HttpStatusCode.PaymentRequired, last.StatusCode);
        }
        var exact = X402Headers.Decode<PaymentRequired>(last!.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired).Accepts.Single(a => a.Scheme == "exact");
        using var paid = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = Json() };
        paid.Headers.Add(X402Headers.PaymentSignature, await new SvmPaymentClient(node.Rpc, node.Client).CreatePaymentHeaderAsync(exact, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(paid, Ct)).StatusCode); // a good payment costs nothing of the budget

        Assert.Equal(HttpStatusCode.PaymentRequired, (await http.PostAsync(endpoint, Json(), Ct)).StatusCode); // the last one
        var limited = await http.PostAsync(endpoint, Json(), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Pay for the summary", await limited.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>Garbage in PAYMENT-SIGNATURE used to skip the limit and still cost a quote, a clock RPC and a commitment each time.</summary>
    [Fact]
    public async Task Refused_payments_count_against_the_budget_and_over_it_nothing_more_is_done()
    {
        using var http = ClientFrom("127.0.0.4");
        var endpoint = new Uri(node.NodeUrl, "v1/summaries");
        async Task<HttpStatusCode> Garbage()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = Json() };
            request.Headers.Add(X402Headers.PaymentSignature, Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"not\": \"a payment\"}")));
            return (await http.SendAsync(request, Ct)).StatusCode;
        }
        for (var i = 0; i < RateLimitedNodeFixture.UnpaidPerMinute; i++) Assert.Equal(HttpStatusCode.PaymentRequired, await Garbage());
        Assert.Equal(HttpStatusCode.TooManyRequests, await Garbage());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.PostAsync(endpoint, Json(), Ct)).StatusCode); // and unpaid requests too

        // gRPC draws on the same budget.
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(node.GrpcUrl, new global::Grpc.Net.Client.GrpcChannelOptions { HttpHandler = Handler("127.0.0.4") });
        var quote = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await new Grpc.Summaries.SummariesClient(channel).QuoteAsync(new Grpc.QuoteRequest { Text = TestDocuments.Article }, cancellationToken: Ct));
        Assert.Equal(global::Grpc.Core.StatusCode.ResourceExhausted, quote.StatusCode);
        var submit = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await new Grpc.Summaries.SummariesClient(channel).SubmitAsync(new Grpc.SubmitRequest { Text = TestDocuments.Article, PaymentSignature = "garbage" }, cancellationToken: Ct));
        Assert.Equal(global::Grpc.Core.StatusCode.ResourceExhausted, submit.StatusCode);
    }

    /// <summary>An HTTP client whose connections come from <paramref name="address"/> (a loopback address the node does not trust as a proxy).</summary>
    private static HttpClient ClientFrom(string address) => new(Handler(address));

    private static SocketsHttpHandler Handler(string address) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
    };
}
