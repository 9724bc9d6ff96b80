using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using V2 = ZkSummarize.Node.Grpc.V2;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// zksummarize.v2 end to end on the escrow node: the quote's x402 objects are messages, the payment goes in
/// as a PaymentPayload message, a subscriber that joins after the job settled first gets its whole history,
/// and the receipt comes back as a message that verifies, and fails once changed.
/// </summary>
[Collection(ReceiptsAndAgentsCollection.Name)]
public sealed class GrpcV2Tests(EscrowNodeFixture node)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    [Fact]
    public async Task A_client_pays_with_messages_a_late_watcher_gets_the_history_and_the_receipt_message_verifies()
    {
        using var channel = GrpcChannel.ForAddress(node.GrpcUrl);
        var client = new V2.SummariesService.SummariesServiceClient(channel);
        var quote = await client.QuoteAsync(new V2.QuoteRequest { Text = TestDocuments.Article, Sentences = 2 }, cancellationToken: Ct);
        var escrow = quote.PaymentRequired.Accepts.Single(a => a.Scheme == "escrow");
        Assert.Equal(Convert.ToHexStringLower(quote.EscrowRequestId.Span), escrow.Extra.Fields["requestId"].StringValue);

        // The client's own x402 library signs; its header becomes a PaymentPayload message by protobuf's JSON mapping.
        var requirements = System.Text.Json.JsonSerializer.Deserialize<PaymentRequirements>(JsonFormatter.Default.Format(escrow), X402Headers.Json)!;
        var header = await new SvmPaymentClient(node.Rpc, node.Client).CreatePaymentHeaderAsync(requirements, cancellationToken: Ct);
        var payment = Parser.Parse<V2.PaymentPayload>(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
        var submitted = await client.SubmitAsync(new V2.SubmitRequest { Text = TestDocuments.Article, Sentences = 2, Payment = payment }, cancellationToken: Ct);
        Assert.Equal(quote.EscrowRequestId, submitted.RequestId);
        Assert.True(submitted.Settlement.Success);

        var requestId = Convert.ToHexStringLower(submitted.RequestId.Span);
        var signature = ByteString.CopyFrom(Base58.Decode(SummaryAccess.Sign(node.Client, requestId)));
        V2.WatchJobResponse first;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        do
        {
            // Each watch starts afresh: its first message is the job as it is now, with everything before.
            using var watch = client.WatchJob(new V2.WatchJobRequest { RequestId = submitted.RequestId, PayerSignature = signature }, cancellationToken: Ct);
            Assert.True(await watch.ResponseStream.MoveNext(Ct));
            first = watch.ResponseStream.Current;
            Assert.True(DateTime.UtcNow < deadline, $"the job is stuck at {first.Stage}: {node.NodeOutput}");
            if (first.Stage != V2.JobStage.Settled) await Task.Delay(200, Ct);
        }
        while (first.Stage is not (V2.JobStage.Settled or V2.JobStage.Failed or V2.JobStage.Refunded));
        Assert.Equal(V2.JobStage.Settled, first.Stage);
        Assert.Equal([V2.JobStage.Escrowed, V2.JobStage.Summarizing, V2.JobStage.Proving, V2.JobStage.Attesting, V2.JobStage.Settled], first.History.Select(h => h.Stage).SkipWhile(s => s == V2.JobStage.Quoted));
        Assert.Equal(first.History[^1].Time, first.Time);
        Assert.Equal(2, first.Sentences.Count);

        var receipt = await client.GetReceiptAsync(new V2.GetReceiptRequest { RequestId = submitted.RequestId, PayerSignature = signature }, cancellationToken: Ct);
        Assert.Equal(V2.Settlement.Escrow, receipt.Receipt.Settlement);
        Assert.Equal(submitted.RequestId, receipt.Receipt.RequestId);
        Assert.Equal(256, receipt.Receipt.Proof.Length);
        Assert.Equal(Receipt.FromJson(receipt.ReceiptJson).ToJson(), ReceiptMessages.FromMessage(receipt.Receipt).ToJson()); // the message holds the whole receipt
        var verified = await client.VerifyReceiptAsync(new V2.VerifyReceiptRequest { Message = receipt.Receipt }, cancellationToken: Ct);
        Assert.True(verified.Valid, string.Join("; ", verified.Problems));
        Assert.True((await client.VerifyReceiptAsync(new V2.VerifyReceiptRequest { Json = receipt.ReceiptJson }, cancellationToken: Ct)).Valid);

        var changed = receipt.Receipt.Clone();
        changed.Summary[0].Text += " Not in the document.";
        var refused = await client.VerifyReceiptAsync(new V2.VerifyReceiptRequest { Message = changed }, cancellationToken: Ct);
        Assert.False(refused.Valid);
        Assert.Contains(refused.Problems, p => p.Contains("summaryHash", StringComparison.Ordinal));

        var stranger = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetReceiptAsync(new V2.GetReceiptRequest { RequestId = submitted.RequestId }, cancellationToken: Ct));
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);
    }
}
