namespace ZkSummarize.Grains.Jobs;

/// <summary>
/// The paid jobs that are not finished, so that a restarted node (or cluster) resumes them. A grain and
/// not a storage query, so it works on every storage provider. One per cluster (key 0).
/// </summary>
public interface IJobRegistryGrain : IGrainWithIntegerKey
{
    Task TrackAsync(string requestId);

    Task UntrackAsync(string requestId);

    /// <summary>Asks every tracked job to carry on; returns how many there were.</summary>
    Task<int> ResumeAllAsync();

    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>How many paid jobs are not finished: the queue new work waits behind.</summary>
    Task<int> CountAsync();
}
