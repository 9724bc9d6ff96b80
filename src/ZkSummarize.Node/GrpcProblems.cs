using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ZkSummarize.Node;

/// <summary>
/// Problems as gRPC statuses with google.rpc rich details, which generic clients (grpcurl, any language's
/// StatusProto helpers) decode: ErrorInfo with the x402 reason (domain x402.org) or this node's own, and
/// BadRequest naming the request field to change. The message is the sentence alone.
/// </summary>
public static class GrpcProblems
{
    public static RpcException Fault(OrderProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var code = problem.Status switch
        {
            402 => StatusCode.FailedPrecondition,
            409 => StatusCode.AlreadyExists,
            413 => StatusCode.ResourceExhausted,
            _ => StatusCode.InvalidArgument,
        };
        var status = new Google.Rpc.Status { Code = (int)code, Message = problem.Message };
        var info = problem.Reason is { } reason
            ? new ErrorInfo { Reason = reason, Domain = "x402.org" }
            : new ErrorInfo { Reason = ReasonOf(problem), Domain = "zksummarize.org" };
        status.Details.Add(Any.Pack(info));
        if (problem.Field is { } field)
        {
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = problem.Message } } }));
        }
        return status.ToRpcException();
    }

    /// <summary>A problem with one request field, such as a malformed id.</summary>
    public static RpcException Invalid(string field, string title, string message) => Fault(new OrderProblem(400, message, Field: field, Title: title));

    // UPPER_SNAKE_CASE, as google.rpc.ErrorInfo asks: "sentences out of range" -> SENTENCES_OUT_OF_RANGE.
    private static string ReasonOf(OrderProblem problem) =>
        problem.Title is { } title ? string.Concat(title.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_')) : $"HTTP_{problem.Status}";
}
