using Grpc.Core;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Node.Grpc;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node;

/// <summary>
/// The gRPC face of <see cref="PaidSummaries"/>, version 1 (Protos/summaries.proto), kept for a deprecation
/// period beside <see cref="SummariesServiceV2"/>. Problems map to status codes with
/// the same messages as HTTP; Quote and refused payments draw on the same per-address budget as HTTP.
/// A node too busy to prove more work in time answers Quote and Submit with Unavailable and RetryInfo.
/// </summary>
public sealed class SummariesService(GrpcSales sales) : Summaries.SummariesBase
{
    public override async Task<QuoteReply> Quote(QuoteRequest request, ServerCallContext context)
    {
        var (order, required) = await sales.QuoteAsync(request.Text, request.Sentences, "zksummarize.v1.Summaries/Submit", context);
        var escrow = required.Accepts.FirstOrDefault(a => a.Scheme == Payments.Svm.EscrowSvmVerifier.SchemeName);
        return new QuoteReply
        {
            DocRoot = order.DocRoot,
            PaymentRequired = X402Headers.Encode(required),
            EscrowRequestId = escrow?.Extra?["requestId"]?.GetValue<string>() ?? "",
        };
    }

    public override async Task<SubmitReply> Submit(SubmitRequest request, ServerCallContext context)
    {
        var job = await sales.SubmitAsync(request.Text, request.Sentences, request.PaymentSignature, context);
        return new SubmitReply { RequestId = job.RequestId, Stage = job.Stage.ToString(), PaymentResponse = sales.Summaries.PaymentResponseHeader(job) };
    }

    public override async Task WatchJob(WatchJobRequest request, IServerStreamWriter<JobUpdate> responseStream, ServerCallContext context)
    {
        var requestId = RequireRequestId(request.RequestId);
        await foreach (var job in sales.Summaries.WatchAsync(requestId, context.CancellationToken))
        {
            if (job.Stage == JobStage.None) throw GrpcSales.NoSuchJob(requestId);
            var update = new JobUpdate
            {
                RequestId = requestId, Stage = job.Stage.ToString(), Error = job.Error ?? "",
                AtUnixMs = job.History.Count > 0 ? job.History[^1].At.ToUnixTimeMilliseconds() : 0,
            };
            if (job.Stage == JobStage.Settled && PaidSummaries.IsPayer(job, request.PayerSignature)) update.Sentences.AddRange(job.Sentences);
            await responseStream.WriteAsync(update, context.CancellationToken);
        }
    }

    public override async Task<GetReceiptReply> GetReceipt(GetReceiptRequest request, ServerCallContext context) =>
        new() { ReceiptJson = await sales.ReceiptJsonAsync(RequireRequestId(request.RequestId), request.PayerSignature) };

    public override Task<VerifyReply> Verify(VerifyRequest request, ServerCallContext context)
    {
        var check = ReceiptVerifier.Check(GrpcSales.ReadReceipt(request.ReceiptJson, "receipt_json"));
        var reply = new VerifyReply { Valid = check.IsValid };
        reply.Problems.AddRange(check.Problems);
        return Task.FromResult(reply);
    }

    private static string RequireRequestId(string requestId) =>
        requestId.Length == 64 && requestId.All(char.IsAsciiHexDigitLower) ? requestId
            : throw GrpcProblems.Invalid("request_id", "Not a request id", "A request id is 64 lowercase hex digits.");
}
