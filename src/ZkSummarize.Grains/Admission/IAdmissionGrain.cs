using Orleans.Concurrency;
using ZkSummarize.Grains.Workers;

namespace ZkSummarize.Grains.Admission;

/// <summary>
/// What a gateway may promise: the longest expected wait it quotes (the escrow's deadline less a safety
/// margin), an optional cap on jobs ahead, the proof time assumed before any worker has reported one, and how
/// long an unpaid quote keeps its place in the queue.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AdmissionLimits(
    [property: Id(0)] TimeSpan MaxExpectedWait,
    [property: Id(1)] int MaxQueuedJobs,
    [property: Id(2)] TimeSpan InitialProofTime,
    [property: Id(3)] TimeSpan QuoteHold);

/// <summary>
/// The answer to "may this request be quoted now": the jobs ahead of it (paid and unfinished, and quotes that
/// hold a place), the time it would wait for them and its own proof, and, when refused, why and when to try
/// again. <paramref name="Reason"/> is <c>queue_full</c> (over the cap) or <c>wait_too_long</c> (over the wait).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AdmissionDecision(
    [property: Id(0)] bool Admitted,
    [property: Id(1)] int JobsAhead,
    [property: Id(2)] TimeSpan ExpectedWait,
    [property: Id(3)] TimeSpan RetryAfter,
    [property: Id(4)] string? Reason,
    [property: Id(5)] double ProofsPerSecond);

/// <summary>
/// Backpressure before payment, one per cluster (key 0, on gateways): the workers report how fast they prove,
/// the job registry knows the paid jobs not yet finished, and every quote asks here first. Decisions are made
/// one at a time, so a burst of requests cannot all be quoted the same free place.
/// </summary>
public interface IAdmissionGrain : IGrainWithIntegerKey
{
    /// <summary>Decides whether the request may be quoted; if so, it holds a place in the queue until it is paid or <see cref="AdmissionLimits.QuoteHold"/> passes.</summary>
    Task<AdmissionDecision> AdmitAsync(string requestId, AdmissionLimits limits);

    /// <summary>The request was paid (it is in the job registry now) or will not be: its held place is freed.</summary>
    [OneWay]
    Task ReleaseAsync(string requestId);

    /// <summary>A worker's current proving rate (the moving average of its recent proofs).</summary>
    [OneWay]
    Task ReportRateAsync(string worker, WorkerRate rate);
}
