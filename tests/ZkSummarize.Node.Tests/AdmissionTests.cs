using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// Backpressure before payment against a real node: while its queue would not be proven well inside the escrow
/// deadline it answers 503 with Retry-After (gRPC Unavailable with RetryInfo) to quotes and to `exact` payments,
/// and nothing is quoted or charged; once a proof has shown the real rate, it quotes again, stating the wait.
/// </summary>
public sealed class AdmissionTests(SlowFirstProofNodeFixture node) : IClassFixture<SlowFirstProofNodeFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private Uri Endpoint => new(node.NodeUrl, "v1/summaries");

    private static StringContent Json() => new(JsonSerializer.Serialize(new { text = TestDocuments.Article, sentences = 2 }), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_queue_that_would_miss_the_deadline_is_refused_before_payment_and_quoted_again_once_it_drains()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var buyer = new EscrowBuyer(node, http);
        var before = await node.BalancesAsync();

        // The first quote is expected to take the assumed first proof, and holds its place in the queue.
        var firstAnswer = await http.PostAsync(Endpoint, Json(), Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, firstAnswer.StatusCode);
        var offered = X402Headers.Decode<PaymentRequired>(firstAnswer.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired).Accepts;
        var escrow = offered.Single(a => a.Scheme == "escrow");
        Assert.Equal(SlowFirstProofNodeFixture.InitialProofSeconds, ExpectedWait(escrow));

        // A second would wait 400 s, over the 300 s a quote may promise: 503, to come back in 100 s.
        var busy = await http.PostAsync(Endpoint, Json(), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("100", busy.Headers.GetValues("Retry-After").Single());
        Assert.False(busy.Headers.Contains(X402Headers.PaymentRequired));
        Assert.Contains("Nothing was quoted or charged", await busy.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(node.GrpcUrl);
        var grpc = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Grpc.Summaries.SummariesClient(channel).QuoteAsync(new Grpc.QuoteRequest { Text = TestDocuments.Article, Sentences = 2 }, cancellationToken: Ct));
        Assert.Equal(StatusCode.Unavailable, grpc.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(100), grpc.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>().RetryDelay.ToTimeSpan());

        // `exact` requirements never change, so a client can pay without asking: its payment is admitted before
        // it is settled, and refused it moves nothing.
        var payer = new SvmPaymentClient(node.Rpc, node.Client);
        var exactPayment = await payer.CreatePaymentHeaderAsync(offered.Single(a => a.Scheme == "exact"), cancellationToken: Ct);
        var refusedExact = await buyer.PostPaidAsync(exactPayment, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedExact.StatusCode);
        var grpcExact = await Assert.ThrowsAsync<RpcException>(async () => await new Grpc.Summaries.SummariesClient(channel).SubmitAsync(
            new Grpc.SubmitRequest { Text = TestDocuments.Article, Sentences = 2, PaymentSignature = exactPayment }, cancellationToken: Ct));
        Assert.Equal(StatusCode.Unavailable, grpcExact.StatusCode);
        Assert.Equal(before, await node.BalancesAsync());
        var status = await http.GetFromJsonAsync<NodeStatus>(new Uri(node.NodeUrl, "v1/node"), X402Headers.Json, Ct);
        Assert.Empty(status!.JobsInFlight);

        // The quoted client pays: its place was held, and its job is proven (the node's first measured proof).
        var paid = await buyer.PostPaidAsync(await payer.CreatePaymentHeaderAsync(escrow, cancellationToken: Ct), Ct);
        Assert.True(paid.StatusCode == HttpStatusCode.OK, await paid.Content.ReadAsStringAsync(Ct) + node.NodeOutput);
        Assert.Equal(before.Client - NodeFixture.Price, (await node.BalancesAsync()).Client);

        // Drained, and at the measured rate: quoted again, with the wait that rate gives.
        var again = await http.PostAsync(Endpoint, Json(), Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, again.StatusCode);
        var quote = X402Headers.Decode<PaymentRequired>(again.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired).Accepts.Single(a => a.Scheme == "escrow");
        Assert.InRange(ExpectedWait(quote), 1, SlowFirstProofNodeFixture.InitialProofSeconds - 1);

        var metrics = await http.GetStringAsync(new Uri(node.ManagementUrl, "metrics"), Ct);
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("zks_admission_refused_total{", StringComparison.Ordinal) && l.Contains("reason=\"wait_too_long\"", StringComparison.Ordinal));
    }

    private static long ExpectedWait(PaymentRequirements quote) => ExtraFields.Number(quote.Extra!["expectedWaitSeconds"]) ?? throw new InvalidOperationException("The escrow quote states no expectedWaitSeconds.");
}
