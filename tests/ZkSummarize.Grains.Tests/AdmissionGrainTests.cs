using ZkSummarize.Grains.Admission;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Grains.Workers;

namespace ZkSummarize.Grains.Tests;

/// <summary>
/// Backpressure before payment (docs/node.md, "Admission"): the cluster's admission grain quotes a request only
/// while the paid queue, the quotes holding a place and the request's own proof fit in the longest promised wait
/// (and under the cap), at the workers' measured rate; a refusal says when the queue will have drained enough.
/// </summary>
public sealed class AdmissionGrainTests(JobGrainFixture f) : IClassFixture<JobGrainFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// <summary>Three 10-second proofs fit in 30 s; a fourth would not.</summary>
    private static readonly AdmissionLimits Limits = new(TimeSpan.FromSeconds(30), MaxQueuedJobs: 0, InitialProofTime: TimeSpan.FromSeconds(10), QuoteHold: TimeSpan.FromMinutes(5));

    private static string NewRequestId() => Convert.ToHexStringLower(Core.Commitments.FieldEncoding.NewRequestId());

    [Fact]
    public void The_expected_wait_is_the_queue_and_the_jobs_own_proof_at_the_measured_rate()
    {
        var fits = AdmissionGrain.Decide(jobsAhead: 2, proofsPerSecond: 0.1, Limits);
        Assert.True(fits.Admitted);
        Assert.Equal(TimeSpan.FromSeconds(30), fits.ExpectedWait);

        var tooLong = AdmissionGrain.Decide(jobsAhead: 5, proofsPerSecond: 0.1, Limits);
        Assert.Equal((false, "wait_too_long"), (tooLong.Admitted, tooLong.Reason));
        Assert.Equal(TimeSpan.FromSeconds(30), tooLong.RetryAfter); // 60 s expected, 30 s promised: three proofs must finish first

        // Two workers of one slot each, 4 s a proof: twice the rate, so twice the queue fits.
        var twoWorkers = new WorkerRate(4, 1, 16).ProofsPerSecond * 2;
        Assert.True(AdmissionGrain.Decide(jobsAhead: 14, twoWorkers, Limits).Admitted);
        Assert.False(AdmissionGrain.Decide(jobsAhead: 15, twoWorkers, Limits).Admitted);

        var capped = AdmissionGrain.Decide(jobsAhead: 3, proofsPerSecond: 10, Limits with { MaxQueuedJobs = 3 });
        Assert.Equal((false, "queue_full"), (capped.Admitted, capped.Reason));
        Assert.Equal(TimeSpan.FromSeconds(1), capped.RetryAfter); // never less than a second
    }

    [Fact]
    public async Task Quotes_hold_places_until_paid_and_the_workers_rate_replaces_the_first_estimate()
    {
        var admission = f.Grains.GetGrain<IAdmissionGrain>(0);
        var held = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var requestId = NewRequestId();
            var decision = await admission.AdmitAsync(requestId, Limits);
            Assert.True(decision.Admitted, $"quote {i}: {decision}");
            Assert.Equal(TimeSpan.FromSeconds(10 * i), decision.ExpectedWait);
            held.Add(requestId);
        }
        var refused = await admission.AdmitAsync(NewRequestId(), Limits);
        Assert.Equal((false, 3, "wait_too_long"), (refused.Admitted, refused.JobsAhead, refused.Reason));
        Assert.Equal(TimeSpan.FromSeconds(10), refused.RetryAfter);

        // A quote that is paid leaves the held places (it is in the registry's queue instead).
        await admission.ReleaseAsync(held[0]);
        var after = await UntilAsync(() => admission.AdmitAsync(NewRequestId(), Limits), d => d.Admitted);
        Assert.Equal(2, after.JobsAhead);

        // A worker that proves in 2 s: now the same queue is expected to take a fifth of the time.
        await admission.ReportRateAsync("worker-silo", new WorkerRate(2, 1, 4));
        var measured = await UntilAsync(() => admission.AdmitAsync(NewRequestId(), Limits), d => d.ProofsPerSecond > 0.4);
        Assert.Equal(TimeSpan.FromSeconds(2 * (measured.JobsAhead + 1)), measured.ExpectedWait);
    }

    [Fact]
    public async Task Paid_jobs_not_yet_finished_count_in_the_queue()
    {
        // Its own cluster's registry: these jobs must not count in the other tests' queue.
        await using var cluster = new JobGrainFixture();
        await cluster.InitializeAsync();
        var registry = cluster.Grains.GetGrain<IJobRegistryGrain>(0);
        foreach (var id in Enumerable.Range(0, 3).Select(_ => NewRequestId())) await registry.TrackAsync(id);
        var decision = await cluster.Grains.GetGrain<IAdmissionGrain>(0).AdmitAsync(NewRequestId(), Limits);
        Assert.Equal((false, 3), (decision.Admitted, decision.JobsAhead));
    }

    /// <summary>One-way calls land a moment later: asks again until the answer changes (at most 5 s).</summary>
    private static async Task<AdmissionDecision> UntilAsync(Func<Task<AdmissionDecision>> ask, Func<AdmissionDecision, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var decision = await ask();
            if (done(decision) || DateTime.UtcNow > deadline) return decision;
            await Task.Delay(20, Ct);
        }
    }
}
