using Grpc.Core;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node;

/// <summary>
/// What both gRPC versions do the same way: quotes and refused payments draw on the per-address budget of
/// unpaid requests (as HTTP's do), documents are checked as HTTP checks them, and problems become rich statuses.
/// </summary>
public sealed class GrpcSales(PaidSummaries summaries, UnpaidRequestBudget budget)
{
    public PaidSummaries Summaries => summaries;

    /// <summary>The requirements for the document; <paramref name="method"/> names the call that will take the payment.</summary>
    public async Task<(SummaryOrder Order, PaymentRequired Required)> QuoteAsync(string text, int sentences, string method, ServerCallContext context)
    {
        if (!budget.TryTake(Address(context))) throw Exhausted();
        var order = await PrepareAsync(text, sentences, context.CancellationToken);
        return (order, await Admitted(() => summaries.RequirementsAsync(order, new ResourceInfo($"grpc:{method}", PaidSummaries.ResourceDescription), null)));
    }

    /// <summary>Settles the payment (base64 JSON, as PAYMENT-SIGNATURE) and returns the started job.</summary>
    public async Task<JobSnapshot> SubmitAsync(string text, int sentences, string paymentHeader, ServerCallContext context)
    {
        var address = Address(context);
        if (budget.Spent(address)) throw Exhausted();
        try
        {
            var order = await PrepareAsync(text, sentences, context.CancellationToken);
            var (paid, problem, _) = await Admitted(() => summaries.PayAsync(order, paymentHeader));
            return paid ?? throw GrpcProblems.Fault(problem!);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Unavailable) // a busy node's refusal is not the payer's fault
        {
            budget.Refused(address); // a refused payment costs what an unpaid request does
            throw;
        }
    }

    /// <summary>The job as its payer may see it, or NotFound.</summary>
    public async Task<JobSnapshot> ExistingJobAsync(string requestId)
    {
        var job = await summaries.GetAsync(requestId);
        return job.Stage == JobStage.None ? throw NoSuchJob(requestId) : job;
    }

    /// <summary>The receipt JSON of a settled job for its payer, or the status that says why not.</summary>
    public async Task<string> ReceiptJsonAsync(string requestId, string? payerSignature)
    {
        var job = await ExistingJobAsync(requestId);
        if (!PaidSummaries.IsPayer(job, payerSignature))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Send payer_signature, the paying key's signature of \"zksummarize read <request id>\": receipts go only to the payer."));
        }
        return job switch
        {
            { Stage: JobStage.Settled, ReceiptJson: { } receipt } => receipt,
            { Stage: JobStage.Settled } => throw new RpcException(new Status(StatusCode.FailedPrecondition, "The job was paid with `exact` and has no proof; pay with the escrow scheme for a receipt.")),
            _ => throw new RpcException(new Status(StatusCode.FailedPrecondition, $"The job is {job.Stage}, not settled; watch it with WatchJob. {job.Error}".TrimEnd())),
        };
    }

    public static RpcException NoSuchJob(string requestId) => new(new Status(StatusCode.NotFound, $"This node has no job {requestId}."));

    /// <summary>The receipt in its JSON form, or InvalidArgument naming <paramref name="field"/>.</summary>
    public static Receipt ReadReceipt(string json, string field)
    {
        try
        {
            return Receipt.FromJson(json);
        }
        catch (FormatException e)
        {
            throw GrpcProblems.Invalid(field, "Not a receipt", e.Message);
        }
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

    private async Task<SummaryOrder> PrepareAsync(string text, int sentences, CancellationToken cancellationToken)
    {
        var (order, problem) = await summaries.PrepareAsync(text, sentences == 0 ? null : sentences, cancellationToken);
        return order ?? throw GrpcProblems.Fault(problem!);
    }

    private RpcException Exhausted() => new(new Status(StatusCode.ResourceExhausted, budget.Message));

    private static string Address(ServerCallContext context) => UnpaidRequestBudget.AddressOf(context.GetHttpContext());
}
