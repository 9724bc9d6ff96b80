namespace ZkSummarize.Grains.Jobs;

/// <summary>
/// The persisted record of one paid summary. It holds paid work, so it is written before every step
/// (docs/node.md). Plain properties: storage providers serialise it as JSON.
/// </summary>
[GenerateSerializer]
public sealed class SummaryJobState
{
    [Id(0)] public JobStage Stage { get; set; }
    [Id(1)] public int Version { get; set; }
    [Id(2)] public string Scheme { get; set; } = "";
    [Id(3)] public string DocRoot { get; set; } = "";
    [Id(4)] public long Deadline { get; set; }
    [Id(5)] public DateTimeOffset QuoteExpires { get; set; }
    [Id(6)] public string? Text { get; set; }
    /// <summary>The summary length paid for (bound in the escrow quote; the proof must have exactly this many).</summary>
    [Id(7)] public int Sentences { get; set; }

    /// <summary>The fingerprint of the payment that paid (or is paying) this job: its transaction's message hash (PaymentFingerprint).</summary>
    [Id(8)] public string? PaymentHash { get; set; }

    /// <summary>The settlement's signature, known before it is sent, so that a restart can ask the chain whether it landed.</summary>
    [Id(9)] public string? PaymentSignature { get; set; }
    [Id(10)] public bool PaymentConfirmed { get; set; }
    [Id(11)] public string? Payer { get; set; }
    [Id(12)] public string? Amount { get; set; }
    [Id(13)] public List<int> Indices { get; set; } = [];
    [Id(14)] public List<string> SentenceTexts { get; set; } = [];
    [Id(15)] public string? Method { get; set; }
    /// <summary>The receipt to deliver: the one whose attestation landed, once the job is settled.</summary>
    [Id(16)] public string? ReceiptJson { get; set; }

    /// <summary>Every attestation transaction sent for this job (at most one can land: the program attests an escrow once).</summary>
    [Id(17)] public List<string> AttestSignatures { get; set; } = [];
    [Id(18)] public string? Error { get; set; }
    [Id(19)] public List<StageTime> History { get; set; } = [];
    [Id(20)] public int Failures { get; set; }

    /// <summary>`exact`: the transfer of the worker's share, recorded before it is sent.</summary>
    [Id(21)] public string? PayoutSignature { get; set; }

    /// <summary>`exact`: the worker's share that transfer pays.</summary>
    [Id(22)] public ulong PayoutAmount { get; set; }

    /// <summary>Every receipt proven for this job, by worker: after a failover the attestation that lands may be either worker's.</summary>
    [Id(23)] public Dictionary<string, string> Receipts { get; set; } = [];

    /// <summary>SHA-256 of the payment-identifier id the payment came with: a retry with it may read the summary.</summary>
    [Id(25)] public string? PaymentIdHash { get; set; }

    /// <summary>When the last attestation was sent, for how long it may still land.</summary>
    [Id(24)] public DateTimeOffset AttestSentAt { get; set; }

    /// <summary>The grounding circuit and key the job is proven with: an escrow's is quoted (and opened under); a direct job's is chosen when it is proven.</summary>
    [Id(26)] public Sales.CircuitOffer? Circuit { get; set; }
}
