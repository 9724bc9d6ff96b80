using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// Paid jobs that do not go smoothly, against a real node process: the node is killed in the middle of a
/// job and restarted (the job completes exactly once), and the chain rejects the worker's proof (the job
/// fails, the money stays in escrow, and the client's refund after the deadline returns all of it).
/// </summary>
public sealed class JobLifecycleTests(ShortQuotesNodeFixture node) : IClassFixture<ShortQuotesNodeFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private Uri Endpoint => new(node.NodeUrl, "v1/summaries");

    private async Task<(PaymentRequirements Quote, string Payment)> QuoteAndPayAsync(HttpClient http)
    {
        var response = await http.PostAsync(Endpoint, Json(), Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var quote = X402Headers.Decode<PaymentRequired>(response.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired)
            .Accepts.Single(a => a.Scheme == "escrow");
        return (quote, await new SvmPaymentClient(node.Rpc, node.Client).CreatePaymentHeaderAsync(quote, cancellationToken: Ct));
    }

    private async Task<HttpResponseMessage> PostPaidAsync(HttpClient http, string payment)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = Json() };
        request.Headers.Add(X402Headers.PaymentSignature, payment);
        return await http.SendAsync(request, Ct);
    }

    /// <param name="payment">The payment that bought the job: only its holder sees the summary.</param>
    private async Task<JobStatus> StatusAsync(HttpClient http, string requestId, string? payment = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.NodeUrl, $"v1/summaries/{requestId}"));
        if (payment is not null) request.Headers.Add(X402Headers.PaymentSignature, payment);
        var response = await http.SendAsync(request, Ct);
        return (await response.Content.ReadFromJsonAsync<JobStatus>(X402Headers.Json, Ct))!;
    }

    private PublicKey WorkerTokens => AssociatedTokenProgram.GetAssociatedTokenAddress(node.Worker.PublicKey, node.Mint);

    private async Task<ulong> WorkerBalanceAsync() =>
        await node.Rpc.GetAccountInfoAsync(WorkerTokens, cancellationToken: Ct) is null ? 0 : await node.BalanceAsync(WorkerTokens);

    [Fact]
    public async Task A_node_killed_while_proving_resumes_the_job_after_a_restart_and_it_is_paid_exactly_once()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var (clientBefore, workerBefore, treasuryBefore) = (await node.BalanceAsync(node.ClientTokens), await WorkerBalanceAsync(), await node.BalanceAsync(node.Treasury));
        var (quote, payment) = await QuoteAndPayAsync(http);
        var requestId = quote.Extra!["requestId"]!.GetValue<string>();
        var buying = PostPaidAsync(http, payment); // its connection dies with the node

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await StatusAsync(http, requestId)).Stage != "Proving")
        {
            Assert.True(DateTime.UtcNow < deadline, "the job never reached Proving:\n" + node.NodeOutput);
            await Task.Delay(20, Ct);
        }
        await node.KillNodeAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => buying);
        Assert.Equal(clientBefore - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens)); // in escrow
        Assert.Equal(workerBefore, await WorkerBalanceAsync());

        await node.StartNodeAsync(); // same job store, new process
        JobStatus status;
        while ((status = await StatusAsync(http, requestId)).Stage is not ("Settled" or "Failed" or "Refunded"))
        {
            Assert.True(DateTime.UtcNow < deadline.AddMinutes(2), $"the job is stuck at {status.Stage}:\n" + node.NodeOutput);
            await Task.Delay(100, Ct);
        }
        Assert.True(status.Stage == "Settled", status.Error + node.NodeOutput);
        Assert.Null(status.Summary); // request ids are public on chain: the summary goes only to the payer
        var receipt = (await StatusAsync(http, requestId, payment)).Summary!.Receipt!;
        Assert.True(ReceiptVerifier.Check(receipt).IsValid);
        Assert.Single(status.History, h => h.Stage == Grains.Jobs.JobStage.Escrowed); // paid once

        var fee = NodeFixture.Price * 500 / 10_000;
        Assert.Equal(clientBefore - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens));
        Assert.Equal(workerBefore + NodeFixture.Price - fee, await WorkerBalanceAsync());
        Assert.Equal(treasuryBefore + fee, await node.BalanceAsync(node.Treasury));
        Assert.Null(await node.Rpc.GetAccountInfoAsync(node.Program.FindEscrow(Convert.FromHexString(requestId)).Address, cancellationToken: Ct));
        Assert.NotNull(await node.Rpc.GetAccountInfoAsync(node.Program.FindAttestation(Convert.FromHexString(requestId)).Address, cancellationToken: Ct));

        // The interrupted client asks again with the same payment: nothing is charged twice.
        var replay = await PostPaidAsync(http, payment);
        Assert.Equal(HttpStatusCode.PaymentRequired, replay.StatusCode);
        Assert.Equal(clientBefore - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens));
    }

    [Fact]
    public async Task When_the_chain_rejects_the_proof_the_job_fails_the_escrow_stays_unpaid_and_the_refund_returns_everything()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var goodKey = SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(RepoPaths.Combine("circuits", "verification_key.dev.json"), Ct)));
        // Another valid key (IC1 and IC2 swapped): the node's proofs do not verify under it, as with a node run with the wrong proving key.
        var otherKey = (byte[])goodKey.Clone();
        goodKey.AsSpan(512, 64).CopyTo(otherKey.AsSpan(576));
        goodKey.AsSpan(576, 64).CopyTo(otherKey.AsSpan(512));
        await node.Rpc.SendAsync([node.Program.SetVerifyingKey(node.ProgramAdmin.PublicKey, otherKey)], [node.ProgramAdmin], Ct);
        try
        {
            var (clientBefore, workerBefore) = (await node.BalanceAsync(node.ClientTokens), await WorkerBalanceAsync());
            var (quote, payment) = await QuoteAndPayAsync(http);
            var requestId = quote.Extra!["requestId"]!.GetValue<string>();
            var response = await PostPaidAsync(http, payment);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var problem = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("rejected the proof", problem, StringComparison.Ordinal);
            Assert.Contains($"zks refund {requestId}", problem, StringComparison.Ordinal);
            Assert.True(response.Headers.Contains(X402Headers.PaymentResponse)); // it was paid: the header says where the money went
            Assert.Equal("Failed", (await StatusAsync(http, requestId)).Stage);

            Assert.Equal(clientBefore - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens));
            Assert.Equal(workerBefore, await WorkerBalanceAsync());
            var escrow = EscrowProgram.DecodeEscrow((await node.Rpc.GetAccountInfoAsync(node.Program.FindEscrow(Convert.FromHexString(requestId)).Address, cancellationToken: Ct))!.Data);
            Assert.Equal(NodeFixture.Price, escrow.Amount);

            await node.Admin.AdvanceTimeAsync((ulong)quote.MaxTimeoutSeconds + 60, Ct);
            var refund = await ZksCli.RunAsync(["refund", requestId, "--program", node.Program.ProgramId.ToString(), "--mint", node.Mint.ToString(),
                "--keypair", node.ClientKeyFile, "--rpc", node.RpcUrl.ToString()], Ct);
            Assert.True(refund.ExitCode == 0, refund.Output);
            Assert.Equal(clientBefore, await node.BalanceAsync(node.ClientTokens));
            Assert.Equal(workerBefore, await WorkerBalanceAsync());
        }
        finally
        {
            await node.Rpc.SendAsync([node.Program.SetVerifyingKey(node.ProgramAdmin.PublicKey, goodKey)], [node.ProgramAdmin], Ct);
        }
    }

    [Fact]
    public async Task An_unpaid_quote_is_forgotten_when_it_expires_and_can_no_longer_be_paid()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var clientBefore = await node.BalanceAsync(node.ClientTokens);
        var (quote, payment) = await QuoteAndPayAsync(http); // signed, but not sent until the quote has expired
        var requestId = quote.Extra!["requestId"]!.GetValue<string>();
        string[] Stored() => Directory.GetFiles(node.StateFolder, $"*{requestId}*", SearchOption.AllDirectories);
        Assert.Single(Stored());

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Stored().Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired quote is still stored:\n" + node.NodeOutput);
            await Task.Delay(500, Ct);
        }
        var late = await PostPaidAsync(http, payment);
        Assert.Equal(HttpStatusCode.PaymentRequired, late.StatusCode);
        Assert.Contains("request_mismatch", await late.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(clientBefore, await node.BalanceAsync(node.ClientTokens));
    }

    private static StringContent Json() => new(JsonSerializer.Serialize(new { text = TestDocuments.Article, sentences = 2 }), Encoding.UTF8, "application/json");
}
