using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Grains.Storage;

namespace ZkSummarize.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>What the grains need on every silo: resuming unfinished jobs when the silo starts.</summary>
    public static IServiceCollection AddSummaryJobs(this IServiceCollection services) =>
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, JobResumer>();

    /// <summary>Job state as JSON files under a folder: the embedded single-node default.</summary>
    public static IServiceCollection AddFileJobStorage(this IServiceCollection services, string folder) =>
        services.AddKeyedSingleton<IGrainStorage>(JobStorage.Name, (sp, _) => new FileGrainStorage(folder, sp.GetRequiredService<ILogger<FileGrainStorage>>()));
}
