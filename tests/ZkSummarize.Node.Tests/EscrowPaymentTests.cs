using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// The escrow scheme end to end against a real node process: the client locks the price for its document,
/// the node summarises, proves and attests, the program pays the worker and the treasury, and the receipt
/// verifies; paying with a quote for another document or replaying a payment moves nothing.
/// </summary>
public sealed class EscrowPaymentTests(EscrowNodeFixture node) : IClassFixture<EscrowNodeFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private const string Article = TestDocuments.Article;

    private static readonly JsonSerializerOptions Indented = new(X402Headers.Json) { WriteIndented = true };

    private Uri Endpoint => new(node.NodeUrl, "v1/summaries");

    private async Task<PaymentRequirements> QuoteAsync(HttpClient http, string text)
    {
        var response = await http.PostAsync(Endpoint, Json(text), Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var required = X402Headers.Decode<PaymentRequired>(response.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired);
        return required.Accepts.Single(a => a.Scheme == "escrow");
    }

    // What an escrow-scheme client does: lock exactly the quoted price for the quoted request and document.
    private Task<string> PayAsync(PaymentRequirements quote) => new SvmPaymentClient(node.Rpc, node.Client).CreatePaymentHeaderAsync(quote, cancellationToken: Ct);

    private async Task<HttpResponseMessage> PostPaidAsync(HttpClient http, string text, string payment)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = Json(text) };
        request.Headers.Add(X402Headers.PaymentSignature, payment);
        return await http.SendAsync(request, Ct);
    }

    [Fact]
    public async Task An_escrowed_payment_is_proven_attested_and_paid_out_and_its_receipt_verifies()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var before = await node.BalancesAsync();
        var quote = await QuoteAsync(http, Article);
        var payment = await PayAsync(quote);
        var response = await PostPaidAsync(http, Article, payment);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + node.NodeOutput);

        var body = await response.Content.ReadFromJsonAsync<SummaryResponse>(X402Headers.Json, Ct);
        Assert.NotNull(body?.Receipt);
        Assert.True(ReceiptVerifier.Check(body.Receipt).IsValid, string.Join("; ", ReceiptVerifier.Check(body.Receipt).Problems));
        Assert.Equal(body.Sentences, body.Receipt.Summary.Select(s => s.Text));
        var fee = NodeFixture.Price * 500 / 10_000;
        Assert.Equal((before.Client - NodeFixture.Price, before.Worker + NodeFixture.Price - fee, before.Treasury + fee), await node.BalancesAsync());
        Assert.NotNull(await node.Rpc.GetAccountInfoAsync(PublicKey.Parse(body.Receipt.Attestation), cancellationToken: Ct));

        // The chain half of checking a receipt finds each way a receipt can disagree with the chain.
        Assert.Empty(await AttestationCheck.CheckAsync(body.Receipt, node.Rpc, Ct));
        async Task<string> ChainProblem(Receipt changed) => Assert.Single(await AttestationCheck.CheckAsync(changed, node.Rpc, Ct));
        Assert.Contains("no attestation of this request", await ChainProblem(body.Receipt with { Settlement = Settlements.Direct, Attestation = node.Program.FindDirectAttestation(node.Worker.PublicKey, Convert.FromHexString(body.Receipt.RequestId)).Address.ToString() }), StringComparison.Ordinal);
        Assert.Contains("summaryHash differs", await ChainProblem(body.Receipt with { SummaryHash = new string('1', 64) }), StringComparison.Ordinal);
        Assert.Contains("another verifying key", await ChainProblem(body.Receipt with { VerifyingKeyHash = TrustedKeys.Development.Hash }), StringComparison.Ordinal);
        Assert.Contains("not the receipt's network", await ChainProblem(body.Receipt with { Network = TrustedKeys.DevChainNetwork }), StringComparison.Ordinal);
        Assert.Contains("attestation's docRoot differs", await ChainProblem(body.Receipt with { DocRoot = new string('2', 64) }), StringComparison.Ordinal);

        // The same payment again: the request is paid, nothing moves.
        var replay = await PostPaidAsync(http, Article, payment);
        Assert.Equal(HttpStatusCode.PaymentRequired, replay.StatusCode);
        Assert.Contains("duplicate_settlement", await replay.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal((before.Client - NodeFixture.Price, before.Worker + NodeFixture.Price - fee, before.Treasury + fee), await node.BalancesAsync());
    }

    [Fact]
    public async Task Over_grpc_a_client_quotes_pays_watches_the_job_to_settled_and_gets_a_receipt_that_verifies()
    {
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(node.GrpcUrl);
        var client = new Grpc.Summaries.SummariesClient(channel);
        var before = await node.BalancesAsync();
        var quote = await client.QuoteAsync(new Grpc.QuoteRequest { Text = Article, Sentences = 2 }, cancellationToken: Ct);
        var escrow = X402Headers.Decode<PaymentRequired>(quote.PaymentRequired, X402Headers.PaymentRequired).Accepts.Single(a => a.Scheme == "escrow");
        Assert.Equal(quote.EscrowRequestId, escrow.Extra!["requestId"]!.GetValue<string>());

        var payment = await PayAsync(escrow);
        var submitted = await client.SubmitAsync(new Grpc.SubmitRequest { Text = Article, Sentences = 2, PaymentSignature = payment }, cancellationToken: Ct);
        Assert.Equal(quote.EscrowRequestId, submitted.RequestId);
        var settlement = X402Headers.Decode<SettlementResponse>(submitted.PaymentResponse, X402Headers.PaymentResponse);
        Assert.True(settlement.Success);

        var stages = new List<string>();
        var sentences = 0;
        var payer = SummaryAccess.Sign(node.Client, submitted.RequestId);
        using (var watch = client.WatchJob(new Grpc.WatchJobRequest { RequestId = submitted.RequestId, PayerSignature = payer }, cancellationToken: Ct))
        {
            await foreach (var update in watch.ResponseStream.ReadAllAsync(Ct))
            {
                stages.Add(update.Stage);
                sentences = update.Sentences.Count;
                Assert.True(sentences == 0 || update.Stage == "Settled", $"sentences streamed at {update.Stage}, before the attestation landed");
            }
        }
        Assert.Equal(2, sentences);
        Assert.Equal("Settled", stages[^1]);
        Assert.Contains("Proving", stages); // seconds long: the watch cannot miss it
        string[] order = ["Escrowed", "Summarizing", "Proving", "Attesting", "Settled"];
        Assert.Equal(stages.Select(s => Array.IndexOf(order, s)).Order(), stages.Select(s => Array.IndexOf(order, s)));

        // Request ids are public on chain: the receipt (the client's summary) goes only to whoever signs with the paying key.
        var stranger = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await client.GetReceiptAsync(new Grpc.GetReceiptRequest { RequestId = submitted.RequestId }, cancellationToken: Ct));
        Assert.Equal(global::Grpc.Core.StatusCode.PermissionDenied, stranger.StatusCode);
        using var impostor = Keypair.Generate();
        var forged = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await client.GetReceiptAsync(new Grpc.GetReceiptRequest { RequestId = submitted.RequestId, PayerSignature = SummaryAccess.Sign(impostor, submitted.RequestId) }, cancellationToken: Ct));
        Assert.Equal(global::Grpc.Core.StatusCode.PermissionDenied, forged.StatusCode);
        var receiptJson = (await client.GetReceiptAsync(new Grpc.GetReceiptRequest { RequestId = submitted.RequestId, PayerSignature = payer }, cancellationToken: Ct)).ReceiptJson;
        Assert.True((await client.VerifyAsync(new Grpc.VerifyRequest { ReceiptJson = receiptJson }, cancellationToken: Ct)).Valid);
        var receipt = Receipt.FromJson(receiptJson);
        Assert.Equal(2, receipt.Summary.Count);
        var tampered = receipt with { Summary = [receipt.Summary[0] with { Text = receipt.Summary[0].Text + " Not in the document." }, receipt.Summary[1]] };
        var check = await client.VerifyAsync(new Grpc.VerifyRequest { ReceiptJson = tampered.ToJson() }, cancellationToken: Ct);
        Assert.False(check.Valid);
        Assert.NotEmpty(check.Problems);

        var fee = NodeFixture.Price * 500 / 10_000;
        Assert.Equal((before.Client - NodeFixture.Price, before.Worker + NodeFixture.Price - fee, before.Treasury + fee), await node.BalancesAsync());
        var unknown = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await client.GetReceiptAsync(new Grpc.GetReceiptRequest { RequestId = new string('0', 64) }, cancellationToken: Ct));
        Assert.Equal(global::Grpc.Core.StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task An_exact_payment_pays_the_node_up_front_its_summary_is_proven_and_attested_and_the_worker_gets_its_share()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var before = await node.BalancesAsync();
        var payToBefore = await node.BalanceAsync(node.PayToTokens);
        var first = await http.PostAsync(Endpoint, Json(Article), Ct);
        var exact = X402Headers.Decode<PaymentRequired>(first.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired).Accepts.Single(a => a.Scheme == "exact");
        var payment = await PayAsync(exact);
        var response = await PostPaidAsync(http, Article, payment);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + node.NodeOutput);

        var body = (await response.Content.ReadFromJsonAsync<SummaryResponse>(X402Headers.Json, Ct))!;
        // PayTo received the price and paid the worker the share the program pays from an escrow (5% fee kept).
        var fee = NodeFixture.Price * 500 / 10_000;
        var after = await node.BalancesAsync();
        Assert.Equal((before.Client - NodeFixture.Price, before.Worker + NodeFixture.Price - fee, payToBefore + fee),
            (after.Client, after.Worker, await node.BalanceAsync(node.PayToTokens)));
        var receipt = body.Receipt!;
        Assert.True(receipt.Transactions.ContainsKey("workerPayout"), string.Join(", ", receipt.Transactions.Keys));
        Assert.True(ReceiptVerifier.Check(receipt).IsValid);
        Assert.Equal(body.PaymentTransaction, receipt.Transactions["payment"]);
        // The request id is the payment's own: SHA-256 of its transaction message (docs/x402-escrow-scheme.md).
        var paid = Transaction.FromBase64(X402Headers.DecodePayment(payment).Payload["transaction"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(Payments.Svm.ExactRequestId.Of(paid)), receipt.RequestId);
        var attestation = EscrowProgram.DecodeAttestation((await node.Rpc.GetAccountInfoAsync(PublicKey.Parse(receipt.Attestation), cancellationToken: Ct))!.Data);
        Assert.Equal((0UL, 0UL), (attestation.PaidToWorker, attestation.PaidFee));
        Assert.Equal(receipt.RequestId, Convert.ToHexStringLower(attestation.RequestId));
        // `zks worker earnings` finds the node's transfer by its memo and counts it with the attestation.
        var history = await AttestationHistory.FindByWorkerAsync(node.Rpc, node.Program, node.Worker.PublicKey, cancellationToken: Ct);
        Assert.Equal(NodeFixture.Price - fee, history.Single(h => Convert.ToHexStringLower(h.Account.RequestId) == receipt.RequestId).Earned);

        var dir = Directory.CreateTempSubdirectory("zks-exact-");
        try
        {
            var path = Path.Combine(dir.FullName, "receipt.json");
            await File.WriteAllTextAsync(path, receipt.ToJson(), Ct);
            var verify = await Zks(["verify", path, "--rpc", node.RpcUrl.ToString()]);
            Assert.True(verify.ExitCode == 0, verify.Output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Zks_worker_shows_the_node_and_sums_the_workers_earnings_from_the_chain()
    {
        // Make sure the worker has earned something, whatever ran before.
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var paid = await PostPaidAsync(http, Article, await PayAsync(await QuoteAsync(http, Article)));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);

        // Operators' telemetry: Prometheus metrics and the Orleans dashboard, on the management listener.
        var metrics = await http.GetStringAsync(new Uri(node.ManagementUrl, "metrics"), Ct);
        Assert.Matches(@"zks_jobs_stage_entered_total\{[^}]*stage=""Settled""[^}]*\} [1-9]", metrics);
        Assert.Contains("zks_proving_duration_seconds_count", metrics, StringComparison.Ordinal);
        Assert.Matches($@"zks_fees_earned_total\{{[^}}]*worker=""{node.Worker.PublicKey}""[^}}]*\}} [1-9]", metrics);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(node.ManagementUrl, "dashboard/"), Ct)).StatusCode);

        using var newcomer = Keypair.Generate();
        await node.Rpc.ConfirmTransactionAsync(await node.Rpc.RequestAirdropAsync(newcomer.PublicKey, 1_000_000_000, Ct), cancellationToken: Ct);
        var keyFile = Path.Combine(Path.GetTempPath(), $"zks-worker-{Guid.NewGuid():N}.json");
        newcomer.SaveSolanaKeygenFile(keyFile);
        try
        {
            string[] register = ["worker", "register", "--operator-keypair", node.OperatorKeyFile, "--keypair", keyFile, "--program", node.Program.ProgramId.ToString(),
                "--mint", node.Mint.ToString(), "--rpc", node.RpcUrl.ToString()];
            var first = await Zks(register);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains("Registered worker", first.Output, StringComparison.Ordinal);
            Assert.Contains("Created the worker's USDC account", first.Output, StringComparison.Ordinal);
            var registration = await node.Rpc.GetAccountInfoAsync(node.Program.FindWorkerRegistration(node.Operator.PublicKey, newcomer.PublicKey).Address, cancellationToken: Ct);
            Assert.Equal((node.Operator.PublicKey, newcomer.PublicKey), EscrowProgram.DecodeWorkerRegistration(registration!.Data) is var r ? (r.Operator, r.Worker) : default);
            Assert.NotNull(await node.Rpc.GetAccountInfoAsync(AssociatedTokenProgram.GetAssociatedTokenAddress(newcomer.PublicKey, node.Mint), cancellationToken: Ct));
            var again = await Zks(register);
            Assert.True(again.ExitCode == 0, again.Output);
            Assert.Contains("already registered", again.Output, StringComparison.Ordinal);
            var deregister = await Zks(["worker", "deregister", "--operator-keypair", node.OperatorKeyFile, "--keypair", keyFile, "--program", node.Program.ProgramId.ToString(),
                "--rpc", node.RpcUrl.ToString()]);
            Assert.True(deregister.ExitCode == 0, deregister.Output);
            Assert.Null(await node.Rpc.GetAccountInfoAsync(node.Program.FindWorkerRegistration(node.Operator.PublicKey, newcomer.PublicKey).Address, cancellationToken: Ct));
        }
        finally
        {
            File.Delete(keyFile);
        }

        var status = await Zks(["worker", "status", "--node", node.NodeUrl.ToString()]);
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains(node.Worker.PublicKey.ToString(), status.Output, StringComparison.Ordinal);
        Assert.Contains("Jobs in flight: 0", status.Output, StringComparison.Ordinal);

        var earnings = await Zks(["worker", "earnings", "--worker", node.Worker.PublicKey.ToString(), "--program", node.Program.ProgramId.ToString(), "--rpc", node.RpcUrl.ToString()]);
        Assert.True(earnings.ExitCode == 0, earnings.Output);
        // Everything the worker's token account ever received came from attestations, and it never spent any.
        var balance = (await node.BalancesAsync()).Worker;
        var usdc = (balance / 1_000_000m).ToString("0.00####", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"{usdc} USDC earned", ZksCli.Flat(earnings.Output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_quoted_for_another_document_is_refused_and_moves_nothing()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var before = await node.BalancesAsync();
        var quote = await QuoteAsync(http, Article);
        var response = await PostPaidAsync(http, Article + " One more sentence.", await PayAsync(quote));
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Contains("document_mismatch", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(before, await node.BalancesAsync());
    }

    /// <summary>
    /// One payment sent four times at once (three identical headers and one re-serialised, which holds the same
    /// transaction): one request gets the summary, the others are refused as duplicates, and the price moves once.
    /// </summary>
    [Fact]
    public async Task One_escrow_payment_submitted_four_times_at_once_settles_once()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var before = await node.BalancesAsync();
        var payment = await PayAsync(await QuoteAsync(http, Article));
        var reserialised = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(X402Headers.DecodePayment(payment), Indented));
        Assert.NotEqual(payment, reserialised);

        var responses = await Task.WhenAll(new[] { payment, payment, payment, reserialised }.Select(p => PostPaidAsync(http, Article, p)));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(Ct)));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, string.Join("\n", bodies) + node.NodeOutput);
        foreach (var (response, body) in responses.Zip(bodies).Where(r => r.First.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
            Assert.Contains("duplicate_settlement", body, StringComparison.Ordinal);
        }
        var fee = NodeFixture.Price * 500 / 10_000;
        Assert.Equal((before.Client - NodeFixture.Price, before.Worker + NodeFixture.Price - fee, before.Treasury + fee), await node.BalancesAsync());
    }

    [Fact]
    public async Task Zks_summarize_pays_by_escrow_and_writes_a_receipt_that_zks_verify_accepts()
    {
        var dir = Directory.CreateTempSubdirectory("zks-summarize-");
        try
        {
            var document = Path.Combine(dir.FullName, "article.txt");
            var receipt = Path.Combine(dir.FullName, "receipt.json");
            await File.WriteAllTextAsync(document, Article, Ct);
            var run = await Zks(["summarize", document, "--node", node.NodeUrl.ToString(), "--keypair", node.ClientKeyFile, "--rpc", node.RpcUrl.ToString(), "--sentences", "2", "--receipt", receipt]);
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("Summary", run.Output, StringComparison.Ordinal);
            var verify = await Zks(["verify", receipt, "--rpc", node.RpcUrl.ToString()]);
            Assert.True(verify.ExitCode == 0, verify.Output);
            Assert.Contains("on chain matches", ZksCli.Flat(verify.Output), StringComparison.Ordinal);

            // The chain half fails on its own: the proof still verifies, the attestation it names is not the program's,
            // and a chain that cannot be reached is a failure, not a pass.
            var moved = JsonNode.Parse(await File.ReadAllTextAsync(receipt, Ct))!.AsObject();
            moved["attestation"] = node.Client.PublicKey.ToString();
            var movedPath = Path.Combine(dir.FullName, "moved.json");
            await File.WriteAllTextAsync(movedPath, moved.ToJsonString(), Ct);
            var wrongAddress = await Zks(["verify", movedPath, "--rpc", node.RpcUrl.ToString()]);
            Assert.True(wrongAddress.ExitCode == 1, wrongAddress.Output);
            Assert.Contains("The proof verifies", ZksCli.Flat(wrongAddress.Output), StringComparison.Ordinal);
            Assert.Contains("attestation address is not the program's", ZksCli.Flat(wrongAddress.Output), StringComparison.Ordinal);
            var unreachable = await Zks(["verify", receipt, "--rpc", $"http://127.0.0.1:{ZkSummarize.DevChain.LoopbackPorts.Free()}"]);
            Assert.True(unreachable.ExitCode == 1, unreachable.Output);
            Assert.Contains("the chain could not be checked", ZksCli.Flat(unreachable.Output), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Zks_refund_takes_an_unproven_escrow_back_after_the_deadline_and_not_before()
    {
        var before = await node.BalanceAsync(node.ClientTokens);
        var requestId = await node.OpenUnprovenEscrowAsync(await node.Admin.AdvanceTimeAsync(0, Ct) + 30, Ct);
        Assert.Equal(before - NodeFixture.Price, await node.BalanceAsync(node.ClientTokens));
        var refund = node.RefundArguments(requestId);

        var early = await Zks(refund);
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("deadline has not passed", ZksCli.Flat(early.Output), StringComparison.Ordinal);

        await node.Admin.AdvanceTimeAsync(60, Ct);
        var done = await Zks(refund);
        Assert.True(done.ExitCode == 0, done.Output);
        Assert.Equal(before, await node.BalanceAsync(node.ClientTokens));

        var again = await Zks(refund);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no open escrow", again.Output, StringComparison.Ordinal);
    }

    /// <summary>security.md K2: the node fell back to the forgeable development key on any network.</summary>
    [Fact]
    public async Task A_node_refuses_the_development_key_off_the_dev_chain_and_a_network_that_is_not_its_chain()
    {
        var state = Directory.CreateTempSubdirectory("zks-refused-").FullName;
        try
        {
            await using var devKey = new NodeHost("dev-key", [.. node.NodeArguments, "--Node:ZkeyPath", "", "--Node:StateFolder", state]);
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(devKey.StartAsync);
            Assert.Contains("development proving key is accepted only on the ZkSummarize dev chain", ZksCli.Flat(refused.Message), StringComparison.Ordinal);

            // Claiming to be the dev chain does not help: the node asks the chain for its genesis hash.
            await using var posing = new NodeHost("posing", [.. node.NodeArguments, "--Node:ZkeyPath", "", "--Node:Network", TrustedKeys.DevChainNetwork, "--Node:StateFolder", state]);
            var wrongNetwork = await Assert.ThrowsAsync<InvalidOperationException>(posing.StartAsync);
            Assert.Contains($"Node:Network is {TrustedKeys.DevChainNetwork}, but the chain at", ZksCli.Flat(wrongNetwork.Message), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>security.md N5: request ids and payments are public on chain, so neither reads a summary; the payer's signature does.</summary>
    [Fact]
    public async Task Over_http_only_the_payers_signature_reads_a_summary_and_a_rebuilt_payment_does_not()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var buyer = new EscrowBuyer(node, http);
        var (quote, payment) = await buyer.QuoteAndPayAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PostPaidAsync(payment, Ct)).StatusCode);
        var requestId = quote.Extra!["requestId"]!.GetValue<string>();

        async Task<JobStatus> Read(string header, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.NodeUrl, $"v1/summaries/{requestId}"));
            request.Headers.Add(header, value);
            return (await (await http.SendAsync(request, Ct)).Content.ReadFromJsonAsync<JobStatus>(X402Headers.Json, Ct))!;
        }
        Assert.Null((await Read(X402Headers.PaymentSignature, payment)).Summary); // the payment itself, rebuilt from the chain by anyone
        using var impostor = Keypair.Generate();
        Assert.Null((await Read(SummaryAccess.Header, SummaryAccess.Sign(impostor, requestId))).Summary);
        Assert.Null((await Read(SummaryAccess.Header, SummaryAccess.Sign(node.Client, new string('0', 64)))).Summary); // the payer's signature for another request
        var summary = (await Read(SummaryAccess.Header, SummaryAccess.Sign(node.Client, requestId))).Summary!;
        Assert.Equal(2, summary.Sentences.Count);

        // Posting the payment again does not hand out the summary either.
        var replay = await buyer.PostPaidAsync(payment, Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, replay.StatusCode);
        var replayed = await replay.Content.ReadAsStringAsync(Ct);
        Assert.All(summary.Sentences, sentence => Assert.DoesNotContain(sentence, replayed, StringComparison.Ordinal));
    }

    private static Task<(int ExitCode, string Output)> Zks(string[] args) => ZksCli.RunAsync(args, Ct);

    private static StringContent Json(string text) => new(JsonSerializer.Serialize(new { text, sentences = 2 }), Encoding.UTF8, "application/json");
}
