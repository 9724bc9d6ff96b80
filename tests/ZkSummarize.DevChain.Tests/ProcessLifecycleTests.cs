using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ZkSummarize.Testing;

namespace ZkSummarize.DevChain.Tests;

/// <summary>Starting, configuring and stopping the chain process; no process is ever left behind.</summary>
public sealed class ProcessLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Genesis_hash_is_configurable_and_dispose_stops_the_process()
    {
        var chain = await DevChainProcess.StartAsync(new DevChainOptions { RepositoryRoot = RepoPaths.Root, GenesisHash = DevChainOptions.DevnetGenesisHash }, cancellationToken: Ct);
        var pid = chain.ProcessId;
        using (var http = new HttpClient())
        {
            var response = await http.PostAsJsonAsync(chain.RpcUrl, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "getGenesisHash" }, Ct);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
            Assert.Equal(DevChainOptions.DevnetGenesisHash, body!["result"]!.GetValue<string>());
        }

        Assert.Equal(chain.RpcUrl.Port + 1, chain.WebSocketUrl.Port);
        await chain.DisposeAsync();
        Assert.False(IsAlive(pid));
    }

    [Fact]
    public async Task The_chain_exits_when_its_parent_pipe_closes()
    {
        // Start it by hand with --exit-with-stdin, as DevChainProcess does, then drop stdin without a kill.
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepoPaths.Combine("src", "devchain", "server.mjs"));
        start.ArgumentList.Add("--exit-with-stdin");
        using var process = Process.Start(start)!;
        var ready = await process.StandardOutput.ReadLineAsync(Ct);
        Assert.Contains("\"event\":\"ready\"", ready, StringComparison.Ordinal);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task Bad_arguments_fail_fast_with_the_reason()
    {
        var options = new DevChainOptions { RepositoryRoot = RepoPaths.Root, GenesisHash = "not-a-hash" };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => DevChainProcess.StartAsync(options, cancellationToken: Ct));
        Assert.Contains("--genesis-hash", e.Message, StringComparison.Ordinal);

        var missing = new DevChainOptions { RepositoryRoot = RepoPaths.Root };
        missing.Programs.Add(("11111111111111111111111111111111", "/nonexistent/program.so"));
        var e2 = await Assert.ThrowsAsync<InvalidOperationException>(() => DevChainProcess.StartAsync(missing, cancellationToken: Ct));
        Assert.Contains("program.so", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_node_executable_is_explained()
    {
        var options = new DevChainOptions { RepositoryRoot = RepoPaths.Root, NodeExecutable = "/nonexistent/node" };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => DevChainProcess.StartAsync(options, cancellationToken: Ct));
        Assert.Contains("Node.js", e.Message, StringComparison.Ordinal);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
