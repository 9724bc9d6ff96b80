using Microsoft.Extensions.Logging;

namespace ZkSummarize.Grains.Jobs;

/// <summary>The persisted set of unfinished paid jobs (see <see cref="IJobRegistryGrain"/>).</summary>
[GenerateSerializer]
public sealed class JobRegistryState
{
    [Id(0)] public HashSet<string> InFlight { get; set; } = new(StringComparer.Ordinal);
}

public sealed class JobRegistryGrain(
    [PersistentState("registry", JobStorage.Name)] IPersistentState<JobRegistryState> registry, ILogger<JobRegistryGrain> logger) : Grain, IJobRegistryGrain
{
    public async Task TrackAsync(string requestId)
    {
        if (registry.State.InFlight.Add(requestId)) await registry.WriteStateAsync();
    }

    public async Task UntrackAsync(string requestId)
    {
        if (registry.State.InFlight.Remove(requestId)) await registry.WriteStateAsync();
    }

    public Task<int> ResumeAllAsync()
    {
        foreach (var requestId in registry.State.InFlight)
        {
            GrainFactory.GetGrain<ISummaryJobGrain>(requestId).ContinueAsync().Ignore();
        }
        if (registry.State.InFlight.Count > 0) logger.LogInformation("Resuming {Count} unfinished paid jobs", registry.State.InFlight.Count);
        return Task.FromResult(registry.State.InFlight.Count);
    }

    public Task<int> CountAsync() => Task.FromResult(registry.State.InFlight.Count);

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(registry.State.InFlight.Order(StringComparer.Ordinal).ToArray());
}
