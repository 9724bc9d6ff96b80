using Grpc.Core;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Node.Grpc;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node;

/// <summary>
/// The gRPC face of <see cref="PaidSummaries"/> (Protos/summaries.proto). Problems map to status codes with
/// the same messages as HTTP; Quote and refused payments draw on the same per-address budget as HTTP.
/// A node too busy to prove more work in time answers Quote and Submit with Unavailable and RetryInfo.
/// </summary>
public sealed class SummariesService(PaidSummaries summaries, UnpaidRequestBudget budget) : Summaries.SummariesBase
{
    public override async Task<QuoteReply> Quote(QuoteRequest request, ServerCallContext context)
    {
        if (!budget.TryTake(Address(context))) throw new RpcException(new Status(StatusCode.ResourceExhausted, budget.Message));
        var order = Prepare(request.Text, request.Sentences);
        var required = await Admitted(() => summaries.RequirementsAsync(order, new ResourceInfo("grpc:zksummarize.v1.Summaries/Submit", PaidSummaries.ResourceDescription), null));
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
        var address = Address(context);
        if (budget.Spent(address)) throw new RpcException(new Status(StatusCode.ResourceExhausted, budget.Message));
        JobSnapshot job;
        try
        {
            var order = Prepare(request.Text, request.Sentences);
            var (paid, problem, _) = await Admitted(() => summaries.PayAsync(order, request.PaymentSignature));
            job = paid ?? throw Fault(problem!);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Unavailable) // a busy node's refusal is not the payer's fault
        {
            budget.Refused(address); // a refused payment costs what an unpaid request does
            throw;
        }
        return new SubmitReply { RequestId = job.RequestId, Stage = job.Stage.ToString(), PaymentResponse = summaries.PaymentResponseHeader(job) };
    }

    public override async Task WatchJob(WatchJobRequest request, IServerStreamWriter<JobUpdate> responseStream, ServerCallContext context)
    {
        var requestId = RequireRequestId(request.RequestId);
        await foreach (var job in summaries.WatchAsync(requestId, context.CancellationToken))
        {
            if (job.Stage == JobStage.None) throw new RpcException(new Status(StatusCode.NotFound, $"This node has no job {requestId}."));
            var update = new JobUpdate
            {
                RequestId = requestId, Stage = job.Stage.ToString(), Error = job.Error ?? "",
                AtUnixMs = job.History.Count > 0 ? job.History[^1].At.ToUnixTimeMilliseconds() : 0,
            };
            if (job.Stage == JobStage.Settled && PaidSummaries.IsPayer(job, request.PayerSignature)) update.Sentences.AddRange(job.Sentences);
            await responseStream.WriteAsync(update, context.CancellationToken);
        }
    }

    public override async Task<GetReceiptReply> GetReceipt(GetReceiptRequest request, ServerCallContext context)
    {
        var requestId = RequireRequestId(request.RequestId);
        var job = await summaries.GetAsync(requestId);
        if (job.Stage != JobStage.None && !PaidSummaries.IsPayer(job, request.PayerSignature))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Send payer_signature, the paying key's signature of \"zksummarize read <request id>\": receipts go only to the payer."));
        }
        return job switch
        {
            { Stage: JobStage.None } => throw new RpcException(new Status(StatusCode.NotFound, $"This node has no job {requestId}.")),
            { Stage: JobStage.Settled, ReceiptJson: { } receipt } => new GetReceiptReply { ReceiptJson = receipt },
            { Stage: JobStage.Settled } => throw new RpcException(new Status(StatusCode.FailedPrecondition, "The job was paid with `exact` and has no proof; pay with the escrow scheme for a receipt.")),
            _ => throw new RpcException(new Status(StatusCode.FailedPrecondition, $"The job is {job.Stage}, not settled; watch it with WatchJob. {job.Error}".TrimEnd())),
        };
    }

    public override Task<VerifyReply> Verify(VerifyRequest request, ServerCallContext context)
    {
        Receipt receipt;
        try
        {
            receipt = Receipt.FromJson(request.ReceiptJson);
        }
        catch (FormatException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        var check = ReceiptVerifier.Check(receipt);
        var reply = new VerifyReply { Valid = check.IsValid };
        reply.Problems.AddRange(check.Problems);
        return Task.FromResult(reply);
    }

    /// <summary>
    /// A busy node's refusal as gRPC's Unavailable, which clients retry, with google.rpc.RetryInfo saying when
    /// (the HTTP API's Retry-After). Nothing was quoted or paid.
    /// </summary>
    private static async Task<T> Admitted<T>(Func<Task<T>> sell)
    {
        try
        {
            return await sell();
        }
        catch (NodeBusyException busy)
        {
            var status = new Google.Rpc.Status
            {
                Code = (int)Google.Rpc.Code.Unavailable,
                Message = busy.Message,
                Details = { Google.Protobuf.WellKnownTypes.Any.Pack(new Google.Rpc.RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(busy.RetryAfterSeconds)) }) },
            };
            throw status.ToRpcException();
        }
    }

    private SummaryOrder Prepare(string text, int sentences)
    {
        var (order, problem) = summaries.Prepare(text, sentences == 0 ? null : sentences);
        return order ?? throw Fault(problem!);
    }

    private static string Address(ServerCallContext context) => UnpaidRequestBudget.AddressOf(context.GetHttpContext());

    private static string RequireRequestId(string requestId) =>
        requestId.Length == 64 && requestId.All(char.IsAsciiHexDigitLower) ? requestId
            : throw new RpcException(new Status(StatusCode.InvalidArgument, "A request id is 64 lowercase hex digits."));

    private static RpcException Fault(OrderProblem problem) => new(new Status(problem.Status switch
    {
        402 => StatusCode.FailedPrecondition,
        409 => StatusCode.AlreadyExists,
        413 => StatusCode.ResourceExhausted,
        _ => StatusCode.InvalidArgument,
    }, problem.Reason is null ? problem.Message : $"{problem.Reason}: {problem.Message}"));
}
