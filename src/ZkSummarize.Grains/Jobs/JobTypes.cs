namespace ZkSummarize.Grains.Jobs;

/// <summary>
/// An escrow quote: the request id the node issued for a document and a summary length, the refund deadline,
/// until when it can be paid, and the grounding circuit (with its key) the escrow is opened under and proven with.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobQuote([property: Id(0)] string RequestId, [property: Id(1)] string DocRoot, [property: Id(2)] long Deadline, [property: Id(3)] DateTimeOffset Expires,
    [property: Id(4)] int Sentences, [property: Id(5)] Sales.CircuitOffer? Circuit = null);

/// <summary>A payment for a job: the x402 PAYMENT-SIGNATURE header as sent, the document it pays for, and its payment-identifier id, if any.</summary>
[GenerateSerializer, Immutable]
public sealed record JobPayment([property: Id(0)] string PaymentHeader, [property: Id(1)] string Text, [property: Id(2)] string DocRoot, [property: Id(3)] int Sentences,
    [property: Id(4)] string? PaymentId = null);

/// <summary>
/// The answer to a payment: the job as it now is, or why the payment was refused (an x402 error code and a
/// sentence). <paramref name="SettledNow"/> is true only for the request whose payment this call settled:
/// the same payment presented again (which anyone can rebuild from the chain) does not make its bearer the payer.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PaymentOutcome([property: Id(0)] JobSnapshot? Job, [property: Id(1)] string? ErrorReason = null, [property: Id(2)] string? ErrorMessage = null,
    [property: Id(3)] bool SettledNow = false)
{
    public bool Accepted => Job is not null && ErrorReason is null;

    public static PaymentOutcome Refused(string reason, string message) => new(null, reason, message);
}

/// <summary>When a job entered a stage.</summary>
[GenerateSerializer, Immutable]
public sealed record StageTime([property: Id(0)] JobStage Stage, [property: Id(1)] DateTimeOffset At);

/// <summary>What a client, the gRPC watch stream and operators see of a job. The summary and its receipt are in it only once the job is settled: paid, proven and attested.</summary>
[GenerateSerializer, Immutable]
public sealed record JobSnapshot
{
    [Id(0)] public required string RequestId { get; init; }
    [Id(1)] public required JobStage Stage { get; init; }
    [Id(2)] public required int Version { get; init; }
    [Id(3)] public string Scheme { get; init; } = "";
    [Id(4)] public string DocRoot { get; init; } = "";
    [Id(5)] public IReadOnlyList<int> Indices { get; init; } = [];
    [Id(6)] public IReadOnlyList<string> Sentences { get; init; } = [];
    [Id(7)] public string? Method { get; init; }
    [Id(8)] public string? Payer { get; init; }
    [Id(9)] public string? Amount { get; init; }
    [Id(10)] public string? PaymentSignature { get; init; }
    [Id(11)] public string? ReceiptJson { get; init; }
    [Id(12)] public string? Error { get; init; }
    [Id(13)] public IReadOnlyList<StageTime> History { get; init; } = [];
    [Id(14)] public long Deadline { get; init; }
    /// <summary>The fingerprint of the payment that bought the job (the transaction's message hash).</summary>
    [Id(15)] public string? PaymentHash { get; init; }
    [Id(16)] public int SentencesPaidFor { get; init; }

    /// <summary>SHA-256 of the payment-identifier id the payment was settled with (the id is the payer's secret).</summary>
    [Id(17)] public string? PaymentIdHash { get; init; }
}
