using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using ZkSummarize.Grains;
using ZkSummarize.Grains.Admission;

namespace ZkSummarize.Node;

/// <summary>
/// Backpressure before payment (section "Node:Admission"; docs/node.md): a gateway quotes a job only when
/// the queue ahead of it and its own proof are expected to be done well inside the escrow's deadline.
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = "Node:Admission";

    /// <summary>The share of Node:EscrowSeconds a quote may promise as its expected wait; the rest is margin for attesting and for proofs slower than the average.</summary>
    [Range(0.05, 1.0)]
    public double SafetyMargin { get; set; } = 0.5;

    /// <summary>Optional: a shorter longest expected wait, in seconds (never more than EscrowSeconds × SafetyMargin).</summary>
    [Range(1, 86_400)]
    public int? MaxExpectedWaitSeconds { get; set; }

    /// <summary>Optional: the most jobs (paid and unfinished, and quotes holding a place) a new one may wait behind; 0 is no cap but the wait.</summary>
    [Range(0, 1_000_000)]
    public int MaxQueuedJobs { get; set; }

    /// <summary>
    /// The proof time assumed before any worker has measured one, in seconds: twice a warm proof on 2 cores
    /// (2.5 s, docs/benchmarks.md), so that a burst at start-up (issue 18's 32 clients at once) is quoted.
    /// </summary>
    [Range(0.1, 3600)]
    public double InitialProofSeconds { get; set; } = 5;

    /// <summary>How long an unpaid quote holds its place in the queue (clients pay within seconds; Node:QuoteSeconds is how long it can still be paid).</summary>
    [Range(1, 3600)]
    public int QuoteHoldSeconds { get; set; } = 60;

    /// <summary>How many recent proofs a worker's moving average of its proof time covers.</summary>
    [Range(1, 1000)]
    public int ProofTimeSamples { get; set; } = 16;

    /// <summary>The limits for a node whose escrows last <paramref name="escrowSeconds"/>.</summary>
    public AdmissionLimits Limits(int escrowSeconds)
    {
        var margin = escrowSeconds * SafetyMargin;
        return new AdmissionLimits(TimeSpan.FromSeconds(Math.Min(MaxExpectedWaitSeconds ?? margin, margin)), MaxQueuedJobs,
            TimeSpan.FromSeconds(InitialProofSeconds), TimeSpan.FromSeconds(QuoteHoldSeconds));
    }
}

/// <summary>The first proof-time estimate must leave room to quote: otherwise the node would refuse everything and never measure a proof.</summary>
public sealed class AdmissionOptionsValidator(IOptions<NodeOptions> node) : IValidateOptions<AdmissionOptions>
{
    public ValidateOptionsResult Validate(string? name, AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var longest = options.Limits(node.Value.EscrowSeconds).MaxExpectedWait.TotalSeconds;
        return options.InitialProofSeconds < longest ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Node:Admission:InitialProofSeconds ({options.InitialProofSeconds} s) must be shorter than the longest wait a quote may promise ({longest:0} s: "
                + "Node:EscrowSeconds × Node:Admission:SafetyMargin, or MaxExpectedWaitSeconds), or the node would refuse every request. Lower it, or raise the others.");
    }
}

/// <summary>The node is too busy to take more paid work now: nothing was quoted or paid; try again after <see cref="RetryAfter"/>.</summary>
public sealed class NodeBusyException : Exception
{
    public NodeBusyException() { }

    public NodeBusyException(string message) : base(message) { }

    public NodeBusyException(string message, Exception inner) : base(message, inner) { }

    public NodeBusyException(string message, TimeSpan retryAfter, string reason) : base(message) => (RetryAfter, Reason) = (retryAfter, reason);

    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);

    /// <summary><c>queue_full</c> or <c>wait_too_long</c>.</summary>
    public string Reason { get; } = "busy";

    /// <summary>Whole seconds, for Retry-After.</summary>
    public int RetryAfterSeconds => (int)Math.Ceiling(RetryAfter.TotalSeconds);
}

/// <summary>The gateway's side of admission: asks the cluster's <see cref="IAdmissionGrain"/>, counts and logs refusals, and says what to do about them.</summary>
public sealed class NodeAdmission(IGrainFactory grains, IOptions<AdmissionOptions> admission, IOptions<NodeOptions> node, ILogger<NodeAdmission> logger)
{
    private readonly AdmissionLimits _limits = admission.Value.Limits(node.Value.EscrowSeconds);

    private IAdmissionGrain Grain => grains.GetGrain<IAdmissionGrain>(0);

    /// <summary>Holds a place in the queue for the request and returns its expected wait.</summary>
    /// <exception cref="NodeBusyException">The request would not be proven in time: nothing is held, quoted or paid.</exception>
    public async Task<AdmissionDecision> AdmitAsync(string requestId)
    {
        var decision = await Grain.AdmitAsync(requestId, _limits);
        if (decision.Admitted) return decision;
        JobMetrics.AdmissionRefused(decision.Reason!);
        logger.LogWarning("Refused a request before payment ({Reason}): {JobsAhead} jobs ahead at {ProofsPerSecond:0.###} proofs/s, an expected wait of {Expected:0} s; retry in {RetryAfter:0} s",
            decision.Reason, decision.JobsAhead, decision.ProofsPerSecond, decision.ExpectedWait.TotalSeconds, decision.RetryAfter.TotalSeconds);
        var why = decision.Reason == "queue_full"
            ? $"{decision.JobsAhead} jobs are queued, the most this node takes (Node:Admission:MaxQueuedJobs)"
            : $"{decision.JobsAhead} jobs are queued, so a new one would wait about {decision.ExpectedWait.TotalSeconds:0} s, more than the {_limits.MaxExpectedWait.TotalSeconds:0} s this node promises inside its escrow deadline";
        throw new NodeBusyException($"This node is too busy to take paid work now: {why}. Nothing was quoted or charged; try again in {decision.RetryAfter.TotalSeconds:0} s.",
            decision.RetryAfter, decision.Reason!);
    }

    /// <summary>The request was paid (now counted in the queue of paid jobs) or never will be: its place is freed.</summary>
    public Task ReleaseAsync(string requestId) => Grain.ReleaseAsync(requestId);
}
