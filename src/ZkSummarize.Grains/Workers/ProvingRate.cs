namespace ZkSummarize.Grains.Workers;

/// <summary>How fast a worker proves: the moving average of its recent proofs' time, and how many it makes at once.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerRate([property: Id(0)] double SecondsPerProof, [property: Id(1)] int Slots, [property: Id(2)] int Samples)
{
    /// <summary>Proofs a second this worker finishes when it is busy.</summary>
    public double ProofsPerSecond => Slots / Math.Max(SecondsPerProof, 0.001);
}

/// <summary>
/// The proving rate this worker measures: the time each proof spends in the prover, not its wait for a
/// proving slot (which grows with the queue and would make a busy node look slow and refuse for ever).
/// Gateways turn it into how long a new job would wait (<see cref="Admission.IAdmissionGrain"/>).
/// </summary>
public sealed class ProvingRate(int slots, int samples = 16)
{
    private readonly Queue<double> _recent = new();
    private readonly Lock _lock = new();

    public void Record(TimeSpan proofTime)
    {
        lock (_lock)
        {
            _recent.Enqueue(proofTime.TotalSeconds);
            while (_recent.Count > samples) _recent.Dequeue();
        }
    }

    /// <summary>The moving average of the recent proofs, or null before the first one.</summary>
    public WorkerRate? Current
    {
        get
        {
            lock (_lock) return _recent.Count == 0 ? null : new WorkerRate(_recent.Average(), slots, _recent.Count);
        }
    }
}
