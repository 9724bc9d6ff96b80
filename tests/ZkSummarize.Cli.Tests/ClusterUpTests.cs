using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkSummarize.Testing;

namespace ZkSummarize.Cli.Tests;

/// <summary>
/// `zks cluster up` (what cluster/start.sh runs): a private PostgreSQL, the dev chain, a gateway and two
/// workers on the ports of a topology file; every node answers; Ctrl+C stops all of it and frees the ports.
/// </summary>
public sealed class ClusterUpTests
{
    [Fact]
    public async Task Cluster_up_starts_the_topology_health_checked_and_ctrl_c_stops_it_cleanly()
    {
        var ct = TestContext.Current.CancellationToken;
        await CircuitBuild.EnsureBuiltAsync();
        await OnchainBuild.EnsureProgramFileAsync(); // `zks cluster up` deploys src/onchain/build/zksummarize_escrow.so
        // The committed topology, on free ports so that it runs beside anything else.
        var topology = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("cluster", "cluster.json"), ct))!;
        topology["devchainPort"] = ZkSummarize.DevChain.LoopbackPorts.Free();
        foreach (var node in new[] { topology["gateway"]! }.Concat(topology["workers"]!.AsArray().Select(w => w!)))
        {
            node["httpPort"] = ZkSummarize.DevChain.LoopbackPorts.Free();
            node["siloPort"] = ZkSummarize.DevChain.LoopbackPorts.Free();
            if (node["grpcPort"] is not null) node["grpcPort"] = ZkSummarize.DevChain.LoopbackPorts.Free();
        }
        var config = Path.Combine(Path.GetTempPath(), $"zks-cluster-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, topology.ToJsonString(), ct);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in (string[])[ZksPath(), "cluster", "up", "--config", config]) start.ArgumentList.Add(arg);
        using var zks = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        zks.OutputDataReceived += (_, e) => { if (e.Data is null) return; lock (output) output.AppendLine(e.Data); if (e.Data.Contains("is up", StringComparison.Ordinal)) up.TrySetResult(); };
        zks.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        zks.BeginOutputReadLine();
        zks.BeginErrorReadLine();
        var ports = new[] { topology["gateway"]!["httpPort"]!.GetValue<int>() }.Concat(topology["workers"]!.AsArray().Select(w => w!["httpPort"]!.GetValue<int>())).ToArray();
        try
        {
            var first = await Task.WhenAny(up.Task, zks.WaitForExitAsync(ct), Task.Delay(TimeSpan.FromMinutes(4), ct));
            Assert.True(first == up.Task, $"the cluster did not come up:\n{output}");
            using var http = new HttpClient();
            var roles = new List<string>();
            foreach (var port in ports) roles.Add(JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/v1/node"), ct)).RootElement.GetProperty("roles").GetString()!);
            Assert.Equal(["gateway", "worker", "worker"], roles);

            // Ctrl+C: SIGINT to zks, which stops the nodes, the chain and PostgreSQL.
            using (var interrupt = Process.Start("kill", ["-INT", zks.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await interrupt.WaitForExitAsync(ct);
            await zks.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            Assert.True(zks.ExitCode == 0, output.ToString());
            Assert.Contains("Stopping the cluster", output.ToString(), StringComparison.Ordinal);
            Assert.All(ports.Append(topology["devchainPort"]!.GetValue<int>()), p => Assert.False(PortProbe.IsListening(p), $"port {p} is still open after the cluster stopped"));
        }
        finally
        {
            if (!zks.HasExited) zks.Kill(entireProcessTree: true);
            File.Delete(config);
        }
    }

    private static string ZksPath() => Path.Combine(AppContext.BaseDirectory, "zks.dll");
}
