namespace ZkSummarize.Solana.Rpc;

/// <summary>
/// An error answer from a Solana RPC node, with Solana's code (for example -32002 for a failed preflight
/// simulation), the node's message, the program logs and the transaction error JSON when there are any.
/// </summary>
public sealed class SolanaRpcException : Exception
{
    public SolanaRpcException(string method, int code, string message, IReadOnlyList<string>? logs = null, string? transactionError = null)
        : base(Describe(method, code, message, logs))
    {
        Method = method;
        Code = code;
        RpcMessage = message;
        Logs = logs ?? [];
        TransactionError = transactionError;
    }

    /// <summary>Preflight simulation failed (the transaction did not run).</summary>
    public const int SendTransactionPreflightFailure = -32002;

    /// <summary>The node does not know the method.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>The parameters were wrong.</summary>
    public const int InvalidParams = -32602;

    public string Method { get; }

    public int Code { get; }

    public string RpcMessage { get; }

    public IReadOnlyList<string> Logs { get; }

    /// <summary>Solana's TransactionError as JSON, e.g. {"InstructionError":[0,{"Custom":1}]}.</summary>
    public string? TransactionError { get; }

    private static string Describe(string method, int code, string message, IReadOnlyList<string>? logs)
    {
        var text = $"{method} failed with RPC error {code}: {message}";
        return logs is { Count: > 0 } ? text + Environment.NewLine + "Program logs:" + Environment.NewLine + string.Join(Environment.NewLine, logs) : text;
    }
}

/// <summary>A transaction that landed on chain but failed; its fee was still charged.</summary>
public sealed class TransactionFailedException(string signature, string error, IReadOnlyList<string> logs)
    : Exception($"Transaction {signature} failed: {error}" + (logs.Count > 0 ? Environment.NewLine + string.Join(Environment.NewLine, logs) : ""))
{
    public string Signature { get; } = signature;

    /// <summary>Solana's TransactionError as JSON.</summary>
    public string Error { get; } = error;

    public IReadOnlyList<string> Logs { get; } = logs;
}

/// <summary>A transaction never landed and its blockhash has expired, so it never will: build it again with a new blockhash.</summary>
public sealed class BlockhashExpiredException(string signature)
    : TimeoutException($"Transaction {signature} was not seen by the cluster before its blockhash expired, so it can never land. Nothing moved; build it again with a new blockhash.")
{
    public string Signature { get; } = signature;
}
