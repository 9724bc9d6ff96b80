using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Node.Grpc.V2;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using JobStage = ZkSummarize.Grains.Jobs.JobStage;
using Receipt = ZkSummarize.Core.Receipts.Receipt;
using Status = Grpc.Core.Status;

namespace ZkSummarize.Node;

/// <summary>
/// The gRPC face of <see cref="PaidSummaries"/>, version 2 (Protos/zksummarize/v2/summaries.proto): buf's
/// STANDARD conventions, bytes for ids and roots, an enum for the stage, Timestamps, and x402's objects and
/// the receipt as messages. The x402 messages use x402's JSON names, so protobuf's JSON mapping turns them
/// into x402's JSON and back (<see cref="X402Messages"/>).
/// </summary>
public sealed class SummariesServiceV2(GrpcSales sales) : Grpc.V2.SummariesService.SummariesServiceBase
{
    public override async Task<QuoteResponse> Quote(QuoteRequest request, ServerCallContext context)
    {
        var (order, required) = await sales.QuoteAsync(request.Text, request.Sentences, "zksummarize.v2.SummariesService/Submit", context);
        var escrow = required.Accepts.FirstOrDefault(a => a.Scheme == Payments.Svm.EscrowSvmVerifier.SchemeName);
        return new QuoteResponse
        {
            DocRoot = Bytes(order.DocRoot),
            PaymentRequired = X402Messages.ToMessage<Grpc.V2.PaymentRequired>(required),
            EscrowRequestId = escrow?.Extra?["requestId"]?.GetValue<string>() is { } id ? Bytes(id) : ByteString.Empty,
        };
    }

    public override async Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        if (request.Payment is null) throw GrpcProblems.Invalid("payment", "No payment", "Send payment, the x402 PaymentPayload for one of Quote's payment requirements.");
        var job = await sales.SubmitAsync(request.Text, request.Sentences, X402Messages.ToHeader(request.Payment), context);
        return new SubmitResponse
        {
            RequestId = Bytes(job.RequestId), Stage = Stage(job.Stage),
            Settlement = X402Messages.ToMessage<Grpc.V2.SettlementResponse>(sales.Summaries.PaymentResponse(job)),
        };
    }

    /// <summary>The current state first, with the history a late subscriber missed, then every change.</summary>
    public override async Task WatchJob(WatchJobRequest request, IServerStreamWriter<WatchJobResponse> responseStream, ServerCallContext context)
    {
        var requestId = RequestId(request.RequestId);
        var signature = Base58.Encode(request.PayerSignature.Span);
        await foreach (var job in sales.Summaries.WatchAsync(requestId, context.CancellationToken))
        {
            if (job.Stage == JobStage.None) throw GrpcSales.NoSuchJob(requestId);
            var update = new WatchJobResponse { RequestId = request.RequestId, Stage = Stage(job.Stage), Error = job.Error ?? "" };
            update.History.AddRange(job.History.Select(h => new StageChange { Stage = Stage(h.Stage), Time = Timestamp.FromDateTimeOffset(h.At) }));
            if (job.History.Count > 0) update.Time = Timestamp.FromDateTimeOffset(job.History[^1].At);
            if (job.Stage == JobStage.Settled && PaidSummaries.IsPayer(job, signature)) update.Sentences.AddRange(job.Sentences);
            await responseStream.WriteAsync(update, context.CancellationToken);
        }
    }

    public override async Task<GetReceiptResponse> GetReceipt(GetReceiptRequest request, ServerCallContext context)
    {
        var json = await sales.ReceiptJsonAsync(RequestId(request.RequestId), Base58.Encode(request.PayerSignature.Span));
        return new GetReceiptResponse { Receipt = ReceiptMessages.ToMessage(Receipt.FromJson(json)), ReceiptJson = json };
    }

    public override Task<VerifyReceiptResponse> VerifyReceipt(VerifyReceiptRequest request, ServerCallContext context)
    {
        var receipt = request.ReceiptCase switch
        {
            VerifyReceiptRequest.ReceiptOneofCase.Message => ReceiptMessages.FromMessage(request.Message),
            VerifyReceiptRequest.ReceiptOneofCase.Json => GrpcSales.ReadReceipt(request.Json, "json"),
            _ => throw GrpcProblems.Invalid("receipt", "No receipt", "Send the receipt as message or as json."),
        };
        var check = ReceiptVerifier.Check(receipt);
        var response = new VerifyReceiptResponse { Valid = check.IsValid, Forgeable = check.Forgeable };
        response.Problems.AddRange(check.Problems);
        return Task.FromResult(response);
    }

    private static Grpc.V2.JobStage Stage(JobStage stage) => stage == JobStage.None ? Grpc.V2.JobStage.Unspecified : System.Enum.Parse<Grpc.V2.JobStage>(stage.ToString());

    private static ByteString Bytes(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    private static string RequestId(ByteString id) =>
        id.Length == 32 ? Convert.ToHexStringLower(id.Span) : throw GrpcProblems.Invalid("request_id", "Not a request id", $"A request id is 32 bytes; this one has {id.Length}.");
}

/// <summary>x402's objects as v2 messages and back, through their JSON, whose names the messages share.</summary>
public static class X402Messages
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static T ToMessage<T>(object x402Object) where T : IMessage<T>, new() =>
        Parser.Parse<T>(System.Text.Json.JsonSerializer.Serialize(x402Object, X402Headers.Json));

    /// <summary>The payment as the PAYMENT-SIGNATURE header carries it: base64 of its JSON.</summary>
    public static string ToHeader(Grpc.V2.PaymentPayload payment) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(payment)));
}

/// <summary>Receipts as v2 messages (bytes where the JSON document has hex) and back.</summary>
public static class ReceiptMessages
{
    public static Grpc.V2.Receipt ToMessage(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var message = new Grpc.V2.Receipt
        {
            Version = (uint)receipt.Version, Network = receipt.Network, ProgramId = receipt.ProgramId, Settlement = SettlementOf(receipt.Settlement),
            RequestId = Hex(receipt.RequestId), DocRoot = Hex(receipt.DocRoot), SummaryHash = Hex(receipt.SummaryHash), Worker = receipt.Worker,
            WorkerKey = Hex(receipt.WorkerKey), Proof = Hex(receipt.Proof), VerifyingKeyHash = Hex(receipt.VerifyingKeyHash),
            VerifyingKeyName = receipt.VerifyingKeyName, Forgeable = receipt.Forgeable, Attestation = receipt.Attestation, Circuit = receipt.Circuit ?? "",
            SnarkjsProof = receipt.SnarkjsProof is { } proof ? Struct.Parser.ParseJson(proof.ToJsonString()) : null,
            CommittedText = receipt.CommittedText is { } text ? new Grpc.V2.CommittedText
            {
                Sha256 = text.Sha256 is { } sha ? Hex(sha) : ByteString.Empty, Utf8Bytes = (uint)(text.Utf8Bytes ?? 0),
                NormalizedSha256 = Hex(text.NormalizedSha256), Sentences = (uint)text.Sentences,
            } : null,
        };
        message.Summary.AddRange(receipt.Summary.Select(s => new SummarySentence { Index = (uint)s.Index, Text = s.Text }));
        message.PublicInputs.AddRange(receipt.PublicInputs.Select(Hex));
        message.PublicSignals.AddRange(receipt.PublicSignals ?? []);
        foreach (var (step, signature) in receipt.Transactions) message.Transactions[step] = signature;
        return message;
    }

    /// <exception cref="RpcException">InvalidArgument: a field of the wrong size or kind.</exception>
    public static Receipt FromMessage(Grpc.V2.Receipt message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.CommittedText;
        return new Receipt
        {
            Version = (int)message.Version, Network = message.Network, ProgramId = message.ProgramId,
            Settlement = message.Settlement switch
            {
                Grpc.V2.Settlement.Escrow => Settlements.Escrow,
                Grpc.V2.Settlement.Direct => Settlements.Direct,
                _ => throw GrpcProblems.Invalid("message.settlement", "No settlement", "settlement must be SETTLEMENT_ESCROW or SETTLEMENT_DIRECT."),
            },
            RequestId = Hex(message.RequestId), DocRoot = Hex(message.DocRoot), SummaryHash = Hex(message.SummaryHash),
            Summary = message.Summary.Select(s => new ReceiptSentence((int)s.Index, s.Text)).ToArray(),
            Worker = message.Worker, WorkerKey = Hex(message.WorkerKey), Proof = Hex(message.Proof),
            PublicInputs = message.PublicInputs.Select(Hex).ToArray(),
            SnarkjsProof = message.SnarkjsProof is { } proof ? System.Text.Json.Nodes.JsonNode.Parse(JsonFormatter.Default.Format(proof))!.AsObject() : null,
            PublicSignals = message.PublicSignals.Count > 0 ? message.PublicSignals.ToArray() : null,
            CommittedText = text is null ? null : new Core.Receipts.CommittedText(text.Sha256.IsEmpty ? null : Hex(text.Sha256), text.Sha256.IsEmpty ? null : (int)text.Utf8Bytes,
                Hex(text.NormalizedSha256), (int)text.Sentences),
            VerifyingKeyHash = Hex(message.VerifyingKeyHash), Circuit = message.Circuit.Length == 0 ? null : message.Circuit,
            VerifyingKeyName = message.VerifyingKeyName, Forgeable = message.Forgeable,
            Attestation = message.Attestation, Transactions = new Dictionary<string, string>(message.Transactions),
        };
    }

    private static Grpc.V2.Settlement SettlementOf(string settlement) => settlement switch
    {
        Settlements.Escrow => Grpc.V2.Settlement.Escrow,
        Settlements.Direct => Grpc.V2.Settlement.Direct,
        _ => Grpc.V2.Settlement.Unspecified,
    };

    private static ByteString Hex(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
