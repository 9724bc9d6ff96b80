using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Grains.Sales;
using ZkSummarize.Grains.Workers;
using ZkSummarize.Payments.Settlement;
using ZkSummarize.Summarization;
using ZkSummarize.Summarization.Extractive;

namespace ZkSummarize.Grains.Tests;

/// <summary>One in-process silo hosting the real job, registry and worker grains over a fake chain, fake facilitators and fake proving.</summary>
public sealed class JobGrainFixture : IAsyncLifetime
{
    public const string Network = "solana:TestNetwork00000000000000000000";
    public const ulong Price = 250_000;
    public const string Operator = "OperatorKey";
    public const string DocRoot = "0d0c";

    /// <summary>The circuit and key the tests' escrows are quoted under: the full circuit's development key, which FakeChain's config holds.</summary>
    public static CircuitOffer Circuit { get; } = new("grounding", TrustedKeys.Development.Hash);

    public FakeChain Chain { get; } = new();
    public FakeWork Work { get; } = new();
    public FakeFacilitator Exact { get; } = new("exact");
    public FakeFacilitator Escrow { get; } = new("escrow");
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(JobStorage.Name);
            silo.Services.AddSingleton<IJobChain>(Chain);
            silo.Services.AddSingleton<IGroundingWork>(Work);
            silo.Services.AddSingleton(new SaleTerms(Network, Price, "Mint", "PayTo", "Program", Operator, 600));
            silo.Services.AddSingleton(new PaymentFacilitators(Exact, Escrow));
            silo.Services.AddSingleton<PaymentOffers>();
            silo.Services.AddSingleton(new CircuitChoice(Chain, _ => true, TimeProvider.System));
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<ISummarizer, TextRankSummarizer>();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
