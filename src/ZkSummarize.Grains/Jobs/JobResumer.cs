using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace ZkSummarize.Grains.Jobs;

/// <summary>
/// On gateway silos: when the silo becomes active, and then every <see cref="SweepInterval"/>, asks the
/// registry to carry on every unfinished paid job. The first call resumes a restarted node's jobs; the
/// sweep picks up jobs whose activation (and its retry timer) died with another silo. Asking a running
/// job to continue is harmless: its calls queue and find the work done.
/// </summary>
public sealed class JobResumer(IGrainFactory grains, ILogger<JobResumer> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(JobResumer), ServiceLifecycleStage.Active, OnActiveAsync, _ =>
        {
            _stopping.Cancel();
            return Task.CompletedTask;
        });

    private async Task OnActiveAsync(CancellationToken cancellationToken)
    {
        var count = await grains.GetGrain<IJobRegistryGrain>(0).ResumeAllAsync();
        logger.LogInformation("Silo active; {Count} unfinished jobs resumed", count);
        _ = SweepAsync();
    }

    private async Task SweepAsync()
    {
        using var timer = new PeriodicTimer(SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await grains.GetGrain<IJobRegistryGrain>(0).ResumeAllAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The sweep of unfinished jobs failed; trying again in {Interval}", SweepInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stopping.Dispose();
}
