using System.Diagnostics.Metrics;

namespace ZkSummarize.Grains;

/// <summary>
/// What operators watch (OpenTelemetry metrics; the node exposes them for Prometheus at /metrics): jobs
/// by the stage they entered, proving time, what was paid, failures by kind, and the requests
/// refused before payment because the node was too busy.
/// </summary>
public static class JobMetrics
{
    public const string MeterName = "ZkSummarize.Jobs";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> StagesEntered = Meter.CreateCounter<long>("zks.jobs.stage_entered", "{job}", "Jobs that entered a stage, by stage and scheme.");

    private static readonly Histogram<double> ProvingSeconds = Meter.CreateHistogram<double>("zks.proving.duration", "s",
        "Time to prove one summary on this worker, waiting for the proving slot included.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 20, 30, 60, 120] });

    private static readonly Counter<long> Paid = Meter.CreateCounter<long>("zks.payments.settled", "{usdc_base_unit}", "Payments settled for jobs, by scheme.");

    private static readonly Counter<long> Earned = Meter.CreateCounter<long>("zks.fees.earned", "{usdc_base_unit}", "What attestations paid the workers (escrow amount less the protocol fee), by worker key; counted by the gateway that ran the job.");

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("zks.jobs.failures", "{failure}", "Step failures: transient ones are retried (RPC, a lost node), the others fail the job.");

    private static readonly Counter<long> Late = Meter.CreateCounter<long>("zks.jobs.skipped_late", "{job}",
        "Paid escrow jobs not proven because the escrow's deadline would pass before the attestation landed (the client refunds them).");

    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("zks.admission.refused", "{request}",
        "Requests refused before payment (503, gRPC Unavailable) because the queue would not be proven in time, by reason: queue_full, wait_too_long.");

    private static readonly Histogram<double> QuotedWait = Meter.CreateHistogram<double>("zks.admission.expected_wait", "s",
        "The expected wait (the queue ahead and the job's own proof) stated in each escrow quote.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 60, 120, 180, 300, 450, 600] });

    public static void AdmissionRefused(string reason) => Refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void Quoted(TimeSpan expectedWait) => QuotedWait.Record(expectedWait.TotalSeconds);

    public static void StageEntered(string stage, string scheme) => StagesEntered.Add(1, new("stage", stage), new("scheme", scheme));

    public static void Proved(TimeSpan duration) => ProvingSeconds.Record(duration.TotalSeconds);

    public static void Settled(ulong amount, string scheme) => Paid.Add((long)amount, new KeyValuePair<string, object?>("scheme", scheme));

    public static void WorkerPaid(ulong amount, string worker) => Earned.Add((long)amount, new KeyValuePair<string, object?>("worker", worker));

    public static void SkippedLate() => Late.Add(1);

    public static void Failure(bool transient) => Failures.Add(1, new KeyValuePair<string, object?>("kind", transient ? "transient" : "permanent"));
}
