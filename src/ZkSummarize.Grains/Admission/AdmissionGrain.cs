using ZkSummarize.Grains.Jobs;
using ZkSummarize.Grains.Workers;

namespace ZkSummarize.Grains.Admission;

/// <summary>
/// Keeps, in memory only, the workers' proving rates and the places unpaid quotes hold. After a restart
/// it knows neither: the paid queue is still counted (it is the registry's, which is durable), and the
/// proof time falls back to the configured first estimate until a worker proves again.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)] // what it knows lives in memory: idle hours must not forget the workers' rates
public sealed class AdmissionGrain(TimeProvider time) : Grain, IAdmissionGrain
{
    /// <summary>A worker that has not reported for this long is taken to be gone (unless it is the only one known).</summary>
    public static readonly TimeSpan WorkerSilence = TimeSpan.FromMinutes(30);

    private readonly Dictionary<string, (WorkerRate Rate, DateTimeOffset At)> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);

    public async Task<AdmissionDecision> AdmitAsync(string requestId, AdmissionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var now = time.GetUtcNow();
        foreach (var expired in _held.Where(h => h.Value <= now).Select(h => h.Key).ToList()) _held.Remove(expired);
        var paid = await GrainFactory.GetGrain<IJobRegistryGrain>(0).CountAsync();
        var decision = Decide(paid + _held.Count(h => h.Key != requestId), ProofsPerSecond(limits, now), limits);
        if (decision.Admitted) _held[requestId] = now + limits.QuoteHold;
        return decision;
    }

    public Task ReleaseAsync(string requestId)
    {
        _held.Remove(requestId);
        return Task.CompletedTask;
    }

    public Task ReportRateAsync(string worker, WorkerRate rate)
    {
        _workers[worker] = (rate, time.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <summary>The cluster's proofs a second: the workers heard from lately, or the first estimate on one slot before any.</summary>
    private double ProofsPerSecond(AdmissionLimits limits, DateTimeOffset now)
    {
        var heard = _workers.Values.Where(w => now - w.At < WorkerSilence).Select(w => w.Rate).ToList();
        if (heard.Count == 0 && _workers.Count > 0) heard.Add(_workers.Values.MaxBy(w => w.At).Rate);
        return heard.Count > 0 ? heard.Sum(r => r.ProofsPerSecond) : 1 / Math.Max(limits.InitialProofTime.TotalSeconds, 0.001);
    }

    /// <summary>
    /// A new job waits for the <paramref name="jobsAhead"/> and then its own proof. Refused over the cap or
    /// over the longest promised wait, with the time it takes the queue to drain to where it would fit.
    /// </summary>
    public static AdmissionDecision Decide(int jobsAhead, double proofsPerSecond, AdmissionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var secondsPerJob = 1 / proofsPerSecond;
        var expected = TimeSpan.FromSeconds((jobsAhead + 1) * secondsPerJob);
        if (limits.MaxQueuedJobs > 0 && jobsAhead >= limits.MaxQueuedJobs)
        {
            return new(false, jobsAhead, expected, RetryAfter((jobsAhead + 1 - limits.MaxQueuedJobs) * secondsPerJob), "queue_full", proofsPerSecond);
        }
        if (expected > limits.MaxExpectedWait)
        {
            return new(false, jobsAhead, expected, RetryAfter((expected - limits.MaxExpectedWait).TotalSeconds), "wait_too_long", proofsPerSecond);
        }
        return new(true, jobsAhead, expected, TimeSpan.Zero, null, proofsPerSecond);
    }

    // Whole seconds, as Retry-After carries them; at least one.
    private static TimeSpan RetryAfter(double seconds) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(seconds)));
}
