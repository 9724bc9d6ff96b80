using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace ZkSummarize.Grains.Jobs;

/// <summary>When the silo becomes active, asks the registry to resume every unfinished paid job.</summary>
public sealed class JobResumer(IGrainFactory grains, ILogger<JobResumer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(JobResumer), ServiceLifecycleStage.Active, async _ =>
        {
            var count = await grains.GetGrain<IJobRegistryGrain>(0).ResumeAllAsync();
            logger.LogInformation("Silo active; {Count} unfinished jobs resumed", count);
        });
}
