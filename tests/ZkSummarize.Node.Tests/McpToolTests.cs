using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Node.Mcp;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// The node's MCP tools, bought by agents: one built only from official parts (@modelcontextprotocol/sdk with
/// @x402/core and @x402/svm paying `exact`), and the official C# SDK's client paying our `escrow` scheme. An
/// unpaid call gets x402's PaymentRequired, a paid call gets the summary and a receipt that verifies offline
/// and on chain, and the same payment again is refused without moving money.
/// </summary>
[Collection(ReceiptsAndAgentsCollection.Name)]
public sealed class McpToolTests(EscrowNodeFixture node)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private const string Devnet = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";

    private Uri McpUrl => new(node.NodeUrl, "mcp");

    [Fact]
    public async Task An_agent_of_official_mcp_and_x402_clients_is_asked_to_pay_pays_gets_a_proven_summary_and_cannot_replay_the_payment()
    {
        var document = Path.Combine(Path.GetTempPath(), $"zks-doc-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(document, TestDocuments.Article, Ct);
        try
        {
            var before = await node.BalancesAsync();
            var payTo = await node.BalanceAsync(node.PayToTokens);
            var run = await NodeScript.RunCheckedAsync(RepoPaths.Combine("tests", "js", "mcp", "agent.mjs"),
                [McpUrl.ToString(), Devnet, node.RpcUrl.ToString(), node.ClientKeyFile, document], TimeSpan.FromMinutes(3), Ct);
            using var answers = JsonDocument.Parse(run.LastLine);
            var output = run.StandardOutput + run.StandardError + node.NodeOutput;
            var root = answers.RootElement;

            Assert.Equal(["summarize", "verify_receipt"], root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).Order());
            var unpaid = root.GetProperty("unpaid");
            Assert.True(unpaid.GetProperty("isError").GetBoolean(), output);
            var required = unpaid.GetProperty("structuredContent").Deserialize<PaymentRequired>(X402Headers.Json)!;
            Assert.Equal(["escrow", "exact"], required.Accepts.Select(a => a.Scheme).Order());
            Assert.Equal(JsonSerializer.Serialize(required, X402Headers.Json),
                JsonSerializer.Serialize(JsonSerializer.Deserialize<PaymentRequired>(unpaid.GetProperty("content")[0].GetProperty("text").GetString()!, X402Headers.Json), X402Headers.Json));

            var paid = root.GetProperty("paid");
            Assert.False(paid.TryGetProperty("isError", out var isError) && isError.GetBoolean(), output);
            var summary = paid.GetProperty("structuredContent").Deserialize<McpSummary>(X402Headers.Json)!;
            Assert.Equal(2, summary.Summary.Sentences.Count);
            var receipt = summary.Summary.Receipt!;
            Assert.Equal(Settlements.Direct, receipt.Settlement);
            await AssertVerifiesAsync(receipt);
            var settlement = paid.GetProperty("_meta").GetProperty(X402Mcp.PaymentResponseKey).Deserialize<SettlementResponse>(X402Headers.Json)!;
            Assert.True(settlement.Success);
            Assert.Equal(receipt.Transactions["payment"], settlement.Transaction);
            Assert.StartsWith($"{node.NodeUrl}receipt/#receipt=", summary.ReceiptPage, StringComparison.Ordinal);

            var replay = root.GetProperty("replay");
            Assert.True(replay.GetProperty("isError").GetBoolean(), output);
            Assert.StartsWith("duplicate_settlement", replay.GetProperty("structuredContent").GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.True(root.GetProperty("verified").GetProperty("structuredContent").GetProperty("valid").GetBoolean(), output);
            // Paid once: the node's PayTo took the price and passed the worker its share, as the program does from an escrow.
            var share = NodeFixture.Price - NodeFixture.Price * 500 / 10_000;
            Assert.Equal((before.Client - NodeFixture.Price, before.Worker + share, before.Treasury), await node.BalancesAsync());
            Assert.Equal(payTo + NodeFixture.Price - share, await node.BalanceAsync(node.PayToTokens));
        }
        finally
        {
            File.Delete(document);
        }
    }

    [Fact]
    public async Task The_csharp_sdk_client_pays_the_escrow_scheme_in_meta_gets_a_receipt_that_verifies_and_a_replay_moves_nothing()
    {
        await using var mcp = await ConnectAsync();
        var arguments = new Dictionary<string, object?> { ["text"] = TestDocuments.Article, ["sentences"] = 2 };

        var unpaid = await mcp.CallToolAsync(SummarizeTool.Name, arguments, cancellationToken: Ct);
        Assert.True(unpaid.IsError);
        var escrow = unpaid.StructuredContent!.Value.Deserialize<PaymentRequired>(X402Headers.Json)!.Accepts.Single(a => a.Scheme == "escrow");
        var payment = X402Headers.DecodePayment(await new SvmPaymentClient(node.Rpc, node.Client).CreatePaymentHeaderAsync(escrow, cancellationToken: Ct));
        var meta = new RequestOptions { Meta = new JsonObject { [X402Mcp.PaymentKey] = JsonSerializer.SerializeToNode(payment, X402Headers.Json) } };
        var before = await node.BalancesAsync();

        var paid = await mcp.CallToolAsync(SummarizeTool.Name, arguments, options: meta, cancellationToken: Ct);
        Assert.True(paid.IsError is not true, Text(paid) + node.NodeOutput);
        var receipt = paid.StructuredContent!.Value.Deserialize<McpSummary>(X402Headers.Json)!.Summary.Receipt!;
        Assert.Equal((Settlements.Escrow, escrow.Extra!["requestId"]!.GetValue<string>()), (receipt.Settlement, receipt.RequestId));
        await AssertVerifiesAsync(receipt);
        Assert.True(paid.Meta![X402Mcp.PaymentResponseKey]!["success"]!.GetValue<bool>());
        var fee = NodeFixture.Price * 500 / 10_000;
        var after = (before.Client - NodeFixture.Price, before.Worker + NodeFixture.Price - fee, before.Treasury + fee);
        Assert.Equal(after, await node.BalancesAsync());

        var replay = await mcp.CallToolAsync(SummarizeTool.Name, arguments, options: meta, cancellationToken: Ct);
        Assert.True(replay.IsError);
        Assert.StartsWith("duplicate_settlement", replay.StructuredContent!.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(after, await node.BalancesAsync());

        // verify_receipt is free, and says what is wrong with a receipt whose summary was edited.
        var valid = await mcp.CallToolAsync(VerifyReceiptTool.Name, new Dictionary<string, object?> { ["receipt"] = JsonDocument.Parse(receipt.ToJson()).RootElement }, cancellationToken: Ct);
        Assert.True(valid.StructuredContent!.Value.GetProperty("valid").GetBoolean(), Text(valid));
        var edited = receipt with { Summary = [receipt.Summary[0] with { Text = "Something else entirely." }, .. receipt.Summary.Skip(1)] };
        var invalid = await mcp.CallToolAsync(VerifyReceiptTool.Name, new Dictionary<string, object?> { ["receipt"] = edited.ToJson() }, cancellationToken: Ct);
        Assert.False(invalid.StructuredContent!.Value.GetProperty("valid").GetBoolean());
        Assert.Contains("do not hash to summaryHash", Text(invalid), StringComparison.Ordinal);
    }

    /// <summary>
    /// A call whose _meta payment holds strings that are not text (escaped lone surrogates: valid JSON, which our own
    /// client cannot even write, so it is sent as raw JSON-RPC). The SDK failed on it with "An error occurred."
    /// (-32603, after a stack trace in the node's log): it is a JSON-RPC parse error that says what is wrong.
    /// </summary>
    [Fact]
    public async Task A_call_with_a_string_that_is_not_text_gets_a_parse_error_that_says_so()
    {
        const string call = """
            {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"summarize","arguments":{"text":"One sentence here. Another one there. A third one now. And a fourth."},
             "_meta":{"x402/payment":{"x402Version":2,"accepted":{"scheme":"exact\ud800","network":"solana:x","amount":"1","asset":"a","payTo":"b","maxTimeoutSeconds":60},"payload":{"transaction":"\udc00"}}}}}
            """;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, McpUrl) { Content = new StringContent(call, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(body)!["error"]!;
        Assert.Equal(-32700, error["code"]!.GetValue<int>());
        Assert.Contains("not valid UTF-8 or UTF-16 text", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same call with text in its strings still reaches the tool (the body read for the check is read again).
        using var valid = new HttpRequestMessage(HttpMethod.Post, McpUrl) { Content = new StringContent(call.Replace(@"\ud800", "", StringComparison.Ordinal).Replace(@"\udc00", "AAAA", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json") };
        valid.Headers.Accept.ParseAdd("application/json");
        valid.Headers.Accept.ParseAdd("text/event-stream");
        var answered = await (await http.SendAsync(valid, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("invalid_exact_svm_payload_transaction", answered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_calls_get_tool_errors_that_say_what_to_change_and_a_malformed_payment_gets_the_requirements_again()
    {
        await using var mcp = await ConnectAsync();
        var empty = await mcp.CallToolAsync(SummarizeTool.Name, new Dictionary<string, object?> { ["text"] = "" }, cancellationToken: Ct);
        Assert.True(empty.IsError);
        Assert.Contains("Send the document", Text(empty), StringComparison.Ordinal);
        var tooMany = await mcp.CallToolAsync(SummarizeTool.Name, new Dictionary<string, object?> { ["text"] = TestDocuments.Article, ["sentences"] = 17 }, cancellationToken: Ct);
        Assert.Contains("sentences must be 1 to 16", Text(tooMany), StringComparison.Ordinal);

        var garbage = new RequestOptions { Meta = new JsonObject { [X402Mcp.PaymentKey] = "a payment, trust me" } };
        var malformed = await mcp.CallToolAsync(SummarizeTool.Name, new Dictionary<string, object?> { ["text"] = TestDocuments.Article }, options: garbage, cancellationToken: Ct);
        Assert.True(malformed.IsError);
        var required = malformed.StructuredContent!.Value.Deserialize<PaymentRequired>(X402Headers.Json)!;
        Assert.StartsWith("invalid_payload: _meta[\"x402/payment\"] must be an x402 PaymentPayload object", required.Error, StringComparison.Ordinal);
        Assert.NotEmpty(required.Accepts);

        var notAReceipt = await mcp.CallToolAsync(VerifyReceiptTool.Name, new Dictionary<string, object?> { ["receipt"] = "{\"summary\": \"trust me\"}" }, cancellationToken: Ct);
        Assert.True(notAReceipt.IsError);
        Assert.Contains("is not valid receipt JSON", Text(notAReceipt), StringComparison.Ordinal);
    }

    private async Task<McpClient> ConnectAsync() =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = McpUrl, TransportMode = HttpTransportMode.StreamableHttp }), cancellationToken: Ct);

    /// <summary>What any verifier does: the proof under the pinned key, offline, and the attestation on chain.</summary>
    private async Task AssertVerifiesAsync(Receipt receipt)
    {
        var check = ReceiptVerifier.Check(receipt);
        Assert.True(check.IsValid, string.Join("; ", check.Problems));
        Assert.Same(TrustedKeys.Ceremony, check.Key);
        Assert.Empty(await AttestationCheck.CheckAsync(receipt, node.Rpc, Ct));
    }

    private static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
