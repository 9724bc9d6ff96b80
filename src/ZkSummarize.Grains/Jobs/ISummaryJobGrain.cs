using Orleans.Concurrency;

namespace ZkSummarize.Grains.Jobs;

/// <summary>
/// One paid summary, keyed by its request id (31 bytes, lowercase hex): a durable state machine
/// Quoted → Escrowed → Summarizing → Proving → Attesting → Settled | Refunded | Failed.
/// </summary>
public interface ISummaryJobGrain : IGrainWithStringKey
{
    /// <summary>Issues the escrow quote for a document: this request id, bound to that docRoot, summary length and circuit, until it expires.</summary>
    Task<JobQuote> QuoteAsync(string docRoot, int sentences, long deadline, DateTimeOffset expires, Sales.CircuitOffer circuit);

    /// <summary>
    /// Settles the payment (verified against requirements the node rebuilds itself, never the client's),
    /// records it and starts the work off the caller's path. The same payment again gets the job as it is
    /// and is charged once; another payment for a paid job is a duplicate.
    /// </summary>
    Task<PaymentOutcome> PayAsync(JobPayment payment);

    [AlwaysInterleave]
    Task<JobSnapshot> GetAsync();

    /// <summary>Carries the job on from its persisted stage (after payment, or after a restart).</summary>
    [OneWay]
    Task ContinueAsync();
}
