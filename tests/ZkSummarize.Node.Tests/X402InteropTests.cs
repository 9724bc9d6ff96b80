using System.Net;
using System.Text;
using System.Text.Json;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// The proof that we speak x402: the official client from npm (@x402/fetch + @x402/svm), unmodified, pays
/// our node's `exact` requirement on the dev chain and gets its summary; and bad requests get clear 4xx answers.
/// </summary>
public sealed class X402InteropTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private const string Article = TestDocuments.Article;

    [Fact]
    public async Task The_official_x402_client_pays_and_gets_its_summary()
    {
        var document = Path.Combine(Path.GetTempPath(), $"zks-doc-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(document, Article, Ct);
        try
        {
            var (client, payTo) = (await node.BalanceAsync(node.ClientTokens), await node.BalanceAsync(node.PayToTokens));
            var run = await NodeScript.RunCheckedAsync(RepoPaths.Combine("tests", "js", "x402", "pay.mjs"),
                [new Uri(node.NodeUrl, "v1/summaries").ToString(), node.RpcUrl.ToString(), node.ClientKeyFile, document], TimeSpan.FromMinutes(2), Ct);
            using var result = JsonDocument.Parse(run.LastLine);
            Assert.True(result.RootElement.GetProperty("status").GetInt32() == 200, run.StandardOutput + run.StandardError);
            using var body = JsonDocument.Parse(result.RootElement.GetProperty("body").GetString()!);
            Assert.Equal(2, body.RootElement.GetProperty("sentences").GetArrayLength());
            var settlement = X402Headers.Decode<SettlementResponse>(result.RootElement.GetProperty("paymentResponse").GetString(), X402Headers.PaymentResponse);
            Assert.True(settlement.Success);
            Assert.Equal((client - NodeFixture.Price, payTo + NodeFixture.Price), (await node.BalanceAsync(node.ClientTokens), await node.BalanceAsync(node.PayToTokens)));
        }
        finally
        {
            File.Delete(document);
        }
    }

    [Fact]
    public async Task The_official_facilitator_client_verifies_and_settles_through_our_facilitator_endpoints_once()
    {
        const ulong amount = 12_345;
        var (client, payTo) = (await node.BalanceAsync(node.ClientTokens), await node.BalanceAsync(node.PayToTokens));
        var run = await NodeScript.RunCheckedAsync(RepoPaths.Combine("tests", "js", "x402", "facilitator.mjs"),
            [node.NodeUrl.ToString(), node.RpcUrl.ToString(), node.ClientKeyFile, node.PayTo.PublicKey.ToString(), NodeFixture.DevnetUsdc, amount.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(2), Ct);
        using var result = JsonDocument.Parse(run.LastLine);
        var answers = result.RootElement;
        var output = run.StandardOutput + run.StandardError;
        var kind = answers.GetProperty("supported").GetProperty("kinds").EnumerateArray().Single(k => k.GetProperty("scheme").GetString() == "exact");
        Assert.Equal(node.FeePayer.PublicKey.ToString(), kind.GetProperty("extra").GetProperty("feePayer").GetString());
        Assert.True(answers.GetProperty("verified").GetProperty("isValid").GetBoolean(), output);
        Assert.Equal(node.Client.PublicKey.ToString(), answers.GetProperty("verified").GetProperty("payer").GetString());
        Assert.False(answers.GetProperty("wrongAmount").GetProperty("isValid").GetBoolean(), output);
        Assert.True(answers.GetProperty("settled").GetProperty("success").GetBoolean(), output);
        Assert.False(string.IsNullOrEmpty(answers.GetProperty("settled").GetProperty("transaction").GetString()));
        // The replay is refused and nothing moves twice.
        Assert.Contains("duplicate_settlement", answers.GetProperty("replayed").ToString(), StringComparison.Ordinal);
        Assert.Equal((client - amount, payTo + amount), (await node.BalanceAsync(node.ClientTokens), await node.BalanceAsync(node.PayToTokens)));
    }

    [Fact]
    public async Task The_facilitator_endpoints_refuse_malformed_bodies_and_schemes_they_do_not_settle()
    {
        using var http = new HttpClient();
        var malformed = await http.PostAsync(new Uri(node.NodeUrl, "verify"), new StringContent("{\"x402Version\": 2}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("paymentRequirements", await malformed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var escrow = new PaymentRequirements("escrow", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "1", NodeFixture.DevnetUsdc, node.PayTo.PublicKey.ToString(), 60);
        var body = JsonSerializer.Serialize(new { x402Version = 2, paymentPayload = new PaymentPayload(2, escrow, new System.Text.Json.Nodes.JsonObject { ["transaction"] = "AA==" }), paymentRequirements = escrow }, X402Headers.Json);
        var settle = await http.PostAsync(new Uri(node.NodeUrl, "settle"), new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        using var settled = JsonDocument.Parse(await settle.Content.ReadAsStringAsync(Ct));
        Assert.False(settled.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal("unsupported_scheme", settled.RootElement.GetProperty("errorReason").GetString());
        var verify = await http.PostAsync(new Uri(node.NodeUrl, "verify"), new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        using var verified = JsonDocument.Parse(await verify.Content.ReadAsStringAsync(Ct));
        Assert.Equal("unsupported_scheme", verified.RootElement.GetProperty("invalidReason").GetString()); // this node has no escrow program
    }

    [Fact]
    public async Task Without_payment_the_node_answers_402_with_the_requirements()
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(node.NodeUrl, "v1/summaries"), Json(new { text = Article }), Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var required = X402Headers.Decode<PaymentRequired>(response.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired);
        var exact = Assert.Single(required.Accepts);
        Assert.Equal(("exact", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "250000", NodeFixture.DevnetUsdc), (exact.Scheme, exact.Network, exact.Amount, exact.Asset));
        Assert.Equal(node.FeePayer.PublicKey.ToString(), exact.Extra!["feePayer"]!.GetValue<string>());
    }

    /// <summary>The node pays every settlement's fee: it settles only what its operator allows, at a bounded cost.</summary>
    [Fact]
    public async Task The_facilitator_settles_only_the_operators_asset_and_payee_and_refuses_costly_compute_budgets()
    {
        using var http = new HttpClient();
        var exact = new PaymentRequirements("exact", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "1000", NodeFixture.DevnetUsdc, node.PayTo.PublicKey.ToString(), 60,
            new System.Text.Json.Nodes.JsonObject { ["feePayer"] = node.FeePayer.PublicKey.ToString() });
        var client = new Payments.Client.SvmPaymentClient(node.Rpc, node.Client);
        async Task<JsonElement> Post(string path, PaymentRequirements requirements, string header)
        {
            var body = JsonSerializer.Serialize(new { x402Version = 2, paymentPayload = X402Headers.DecodePayment(header), paymentRequirements = requirements }, X402Headers.Json);
            var response = await http.PostAsync(new Uri(node.NodeUrl, path), new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
        }
        var before = await node.BalanceAsync(node.ClientTokens);

        var stranger = Keypair.Generate().PublicKey;
        await new TokenClient(node.Rpc).CreateAssociatedTokenAccountAsync(node.MintAuthority, stranger, node.Mint, Ct);
        var elsewhere = exact with { PayTo = stranger.ToString() };
        var refused = await Post("settle", elsewhere, await client.CreatePaymentHeaderAsync(elsewhere, cancellationToken: Ct));
        Assert.Equal("invalid_exact_svm_payload_payee_not_settled_here", refused.GetProperty("errorReason").GetString());

        using var otherMint = Keypair.Generate();
        await new TokenClient(node.Rpc).CreateMintAsync(node.MintAuthority, otherMint, 6, node.MintAuthority.PublicKey, Ct);
        var otherAsset = exact with { Asset = otherMint.PublicKey.ToString() };
        refused = await Post("settle", otherAsset, await client.CreatePaymentHeaderAsync(otherAsset, cancellationToken: Ct));
        Assert.Equal("invalid_exact_svm_payload_asset_not_settled_here", refused.GetProperty("errorReason").GetString());

        // 1.4M compute units at the highest price: 0.007 SOL of the fee payer's per call.
        var decimals = (byte)6;
        var transfer = TokenProgram.TransferChecked(AssociatedTokenProgram.GetAssociatedTokenAddress(node.Client.PublicKey, node.Mint), node.Mint,
            AssociatedTokenProgram.GetAssociatedTokenAddress(node.PayTo.PublicKey, node.Mint), node.Client.PublicKey, 1000, decimals);
        var blockhash = await node.Rpc.GetLatestBlockhashAsync(cancellationToken: Ct);
        var costly = new Transaction(Message.Compile(node.FeePayer.PublicKey,
            [ComputeBudgetProgram.SetComputeUnitLimit(1_400_000), ComputeBudgetProgram.SetComputeUnitPrice(5_000_000), transfer, MemoProgram.Memo("costly")], blockhash.Blockhash)).Sign(node.Client);
        var costlyHeader = X402Headers.Encode(new PaymentPayload(2, exact, new System.Text.Json.Nodes.JsonObject { ["transaction"] = costly.ToBase64(requireAllSignatures: false) }));
        var verified = await Post("verify", exact, costlyHeader);
        Assert.False(verified.GetProperty("isValid").GetBoolean());
        Assert.Equal("invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction_too_high", verified.GetProperty("invalidReason").GetString());
        refused = await Post("settle", exact, costlyHeader);
        Assert.False(refused.GetProperty("success").GetBoolean());
        Assert.Equal(before, await node.BalanceAsync(node.ClientTokens));
    }

    [Fact]
    public async Task A_malformed_payment_header_gets_402_with_the_reason_and_bad_documents_get_4xx()
    {
        using var http = new HttpClient();
        using var malformed = new HttpRequestMessage(HttpMethod.Post, new Uri(node.NodeUrl, "v1/summaries")) { Content = Json(new { text = Article }) };
        malformed.Headers.Add(X402Headers.PaymentSignature, "%%%");
        var response = await http.SendAsync(malformed, Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Contains("invalid_payload", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync(new Uri(node.NodeUrl, "v1/summaries"), Json(new { text = "  " }), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PostAsync(new Uri(node.NodeUrl, "v1/summaries"), Json(new { text = new string('a', 1_000_001) }), Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_payments_get_402_with_the_reason_and_move_no_funds()
    {
        using var http = new HttpClient();
        var quote = await http.PostAsync(new Uri(node.NodeUrl, "v1/summaries"), Json(new { text = Article }), Ct);
        var exact = X402Headers.Decode<PaymentRequired>(quote.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired).Accepts.Single(a => a.Scheme == "exact");
        var client = new Payments.Client.SvmPaymentClient(node.Rpc, node.Client);
        async Task<string> Refused(string header)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.NodeUrl, "v1/summaries")) { Content = Json(new { text = Article }) };
            request.Headers.Add(X402Headers.PaymentSignature, header);
            var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
            return X402Headers.Decode<PaymentRequired>(response.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired).Error!;
        }
        var before = (await node.BalanceAsync(node.ClientTokens), await node.BalanceAsync(node.PayToTokens));

        // The client signs what it was told; the node checks against its own terms.
        Assert.StartsWith("invalid_exact_svm_payload_amount_mismatch", await Refused(await client.CreatePaymentHeaderAsync(exact with { Amount = $"{NodeFixture.Price - 1}" }, cancellationToken: Ct)), StringComparison.Ordinal);
        Assert.StartsWith("invalid_exact_svm_payload_recipient_mismatch", await Refused(await client.CreatePaymentHeaderAsync(exact with { PayTo = node.Client.PublicKey.ToString() }, cancellationToken: Ct)), StringComparison.Ordinal);
        using var otherMint = Keypair.Generate();
        await new TokenClient(node.Rpc).CreateMintAsync(node.MintAuthority, otherMint, 6, node.MintAuthority.PublicKey, Ct);
        Assert.StartsWith("invalid_exact_svm_payload_mint_mismatch", await Refused(await client.CreatePaymentHeaderAsync(exact with { Asset = otherMint.PublicKey.ToString() }, cancellationToken: Ct)), StringComparison.Ordinal);

        // A real, signed payment whose payment-identifier extension is not an object of objects (found by fuzzing: it was a 500).
        var signed = X402Headers.DecodePayment(await client.CreatePaymentHeaderAsync(exact, cancellationToken: Ct));
        foreach (var identifier in new System.Text.Json.Nodes.JsonNode[] { "exact", new System.Text.Json.Nodes.JsonArray(1), new System.Text.Json.Nodes.JsonObject { ["info"] = "pay_x" } })
        {
            var odd = signed with { Extensions = new System.Text.Json.Nodes.JsonObject { [PaymentIdentifier.Name] = identifier } };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.NodeUrl, "v1/summaries")) { Content = Json(new { text = Article }) };
            request.Headers.Add(X402Headers.PaymentSignature, X402Headers.Encode(odd));
            var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // the extension's answer to a bad id: 400, not settled
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal("invalid_payload", problem.RootElement.GetProperty("error").GetString());
            Assert.Contains("payment-identifier", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A payment whose blockhash has expired (more than 150 slots ago) cannot land.
        var stale = await client.CreatePaymentHeaderAsync(exact, cancellationToken: Ct);
        await node.Admin.WarpToSlotAsync(await node.Rpc.GetSlotAsync(cancellationToken: Ct) + 200, Ct);
        Assert.StartsWith("transaction_simulation_failed", await Refused(stale), StringComparison.Ordinal);
        Assert.Equal(before, (await node.BalanceAsync(node.ClientTokens), await node.BalanceAsync(node.PayToTokens)));

        // A good payment once; the same transaction again is a duplicate, with or without another payment id.
        var good = await client.CreatePaymentHeaderAsync(exact, cancellationToken: Ct);
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.NodeUrl, "v1/summaries")) { Content = Json(new { text = Article }) })
        {
            request.Headers.Add(X402Headers.PaymentSignature, good);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request, Ct)).StatusCode);
        }
        Assert.StartsWith("duplicate_settlement", await Refused(good), StringComparison.Ordinal);
        Assert.Equal((before.Item1 - NodeFixture.Price, before.Item2 + NodeFixture.Price), (await node.BalanceAsync(node.ClientTokens), await node.BalanceAsync(node.PayToTokens)));
    }

    [Fact]
    public async Task A_retry_with_the_same_payment_id_gets_the_same_answer_without_paying_twice_and_another_payment_under_that_id_conflicts()
    {
        using var http = new HttpClient();
        var quote = await http.PostAsync(new Uri(node.NodeUrl, "v1/summaries"), Json(new { text = Article }), Ct);
        var required = X402Headers.Decode<PaymentRequired>(quote.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired);
        Assert.NotNull(required.Extensions?[PaymentIdentifier.Name]);
        var exact = required.Accepts.Single(a => a.Scheme == "exact");
        var client = new Payments.Client.SvmPaymentClient(node.Rpc, node.Client);
        var id = $"pay_{Guid.NewGuid():N}";
        var payment = await client.CreatePaymentHeaderAsync(exact, id, Ct);

        async Task<HttpResponseMessage> Send(string header)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.NodeUrl, "v1/summaries")) { Content = Json(new { text = Article }) };
            request.Headers.Add(X402Headers.PaymentSignature, header);
            return await http.SendAsync(request, Ct);
        }
        var first = await Send(payment);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var balance = await node.BalanceAsync(node.ClientTokens);
        var again = await Send(payment);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(balance, await node.BalanceAsync(node.ClientTokens));

        var other = await Send(await client.CreatePaymentHeaderAsync(exact, id, Ct));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(balance, await node.BalanceAsync(node.ClientTokens));
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(await client.CreatePaymentHeaderAsync(exact, "short", Ct))).StatusCode);
    }

    [Fact]
    public async Task The_api_is_described_by_openapi_with_a_browsable_page()
    {
        using var http = new HttpClient();
        var document = await http.GetStringAsync(new Uri(node.NodeUrl, "openapi/v1.json"), Ct);
        Assert.Contains("/v1/summaries", document, StringComparison.Ordinal);
        Assert.Contains("\"402\"", document, StringComparison.Ordinal);
        var page = await http.GetAsync(new Uri(node.NodeUrl, "scalar"), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
