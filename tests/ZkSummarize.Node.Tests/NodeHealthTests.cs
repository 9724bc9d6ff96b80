using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// Readiness when something is wrong (HttpOutsiderTests sees a healthy node): a chain RPC that does not
/// answer and a state folder that takes no writes each make the check unhealthy, with a sentence naming
/// the setting to look at. Real sockets and a real file system.
/// </summary>
public sealed class NodeHealthTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chain_rpc_that_does_not_answer_is_unhealthy_and_names_the_setting()
    {
        var closed = new Uri($"http://127.0.0.1:{ZkSummarize.DevChain.LoopbackPorts.Free()}");
        var check = new ChainRpcHealthCheck(SolanaRpcClient.Create(closed), Options.Create(new NodeOptions { RpcUrl = closed }));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var result = await check.CheckHealthAsync(new HealthCheckContext(), timeout.Token);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("Node:RpcUrl", result.Description, StringComparison.Ordinal);
        Assert.Contains(closed.ToString(), result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_folder_that_takes_no_writes_is_unhealthy_and_a_writable_one_healthy()
    {
        var folder = Directory.CreateTempSubdirectory("zks-health-");
        try
        {
            var healthy = await new StorageHealthCheck(Options.Create(new NodeOptions { StateFolder = folder.FullName })).CheckHealthAsync(new HealthCheckContext(), Ct);
            Assert.Equal(HealthStatus.Healthy, healthy.Status);
            Assert.Empty(Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories)); // the probe is gone

            // A folder path that runs through a file cannot be created or written, even by root.
            var file = Path.Combine(folder.FullName, "a-file");
            await File.WriteAllTextAsync(file, "", Ct);
            var broken = await new StorageHealthCheck(Options.Create(new NodeOptions { StateFolder = Path.Combine(file, "state") })).CheckHealthAsync(new HealthCheckContext(), Ct);
            Assert.Equal(HealthStatus.Unhealthy, broken.Status);
            Assert.Contains("Node:StateFolder", broken.Description, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
