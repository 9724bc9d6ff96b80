using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ZkSummarize.Testing;

namespace ZkSummarize.Cli.Tests;

/// <summary>
/// `zks local up` as a developer runs it: one command, then the unmodified @x402/fetch client
/// (tests/js/x402/pay.mjs) pays the node with the payer keyfile it wrote, on a chain posing as devnet with
/// devnet USDC at its address; Ctrl+C stops everything.
/// </summary>
public sealed class LocalUpTests
{
    private const string Document = "The city council approved the new budget on Monday. It adds funding for schools and parks. "
        + "Critics said the plan raises taxes too much. The mayor defended the spending as necessary. A final vote is expected next month.";

    [Fact]
    public async Task Local_up_brings_up_a_network_the_stock_x402_client_pays_and_ctrl_c_stops_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await CircuitBuild.EnsureBuiltAsync();
        await OnchainBuild.EnsureProgramFileAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"zks-local-{Guid.NewGuid():N}");
        var (chainPort, httpPort) = (ZkSummarize.DevChain.LoopbackPorts.Free(), ZkSummarize.DevChain.LoopbackPorts.Free());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "zks.dll"), "local", "up", "--port", $"{chainPort}", "--http-port", $"{httpPort}", "--keys", folder, "--usdc", "5"])
        {
            start.ArgumentList.Add(arg);
        }
        using var zks = Process.Start(start)!;
        var output = new StringBuilder();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        zks.OutputDataReceived += (_, e) => { if (e.Data is null) return; lock (output) output.AppendLine(e.Data); if (e.Data.Contains("Ctrl+C stops", StringComparison.Ordinal)) up.TrySetResult(); };
        zks.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        zks.BeginOutputReadLine();
        zks.BeginErrorReadLine();
        var document = Path.Combine(Path.GetTempPath(), $"zks-doc-{Guid.NewGuid():N}.txt");
        try
        {
            var first = await Task.WhenAny(up.Task, zks.WaitForExitAsync(ct), Task.Delay(TimeSpan.FromMinutes(4), ct));
            Assert.True(first == up.Task, $"the local network did not come up:\n{output}");
            using var description = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "local-network.json"), ct));
            var network = description.RootElement;
            Assert.Equal("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", network.GetProperty("network").GetString());
            Assert.Equal("4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", network.GetProperty("mint").GetString());
            Assert.Equal($"http://127.0.0.1:{chainPort}/", network.GetProperty("rpcUrl").GetString());
            Assert.Equal($"http://127.0.0.1:{httpPort}/", network.GetProperty("nodeUrl").GetString());
            var payer = network.GetProperty("payerKeypair").GetString()!;
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(payer));
            // What it printed to run next names the same payer and endpoint.
            Assert.Contains($"readFileSync('{payer}', 'utf8')", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("wrapFetchWithPaymentFromConfig", output.ToString(), StringComparison.Ordinal);

            await File.WriteAllTextAsync(document, Document, ct);
            var run = await NodeScript.RunCheckedAsync(RepoPaths.Combine("tests", "js", "x402", "pay.mjs"),
                [network.GetProperty("summariesUrl").GetString()!, network.GetProperty("rpcUrl").GetString()!, payer, document], TimeSpan.FromMinutes(2), ct);
            using var result = JsonDocument.Parse(run.LastLine);
            Assert.True(result.RootElement.GetProperty("status").GetInt32() == 200, run.StandardOutput + run.StandardError + output);
            using var body = JsonDocument.Parse(result.RootElement.GetProperty("body").GetString()!);
            Assert.Equal(2, body.RootElement.GetProperty("sentences").GetArrayLength());
            Assert.False(body.RootElement.GetProperty("receipt").GetProperty("forgeable").GetBoolean()); // proven with the ceremony key
            Assert.False(string.IsNullOrEmpty(result.RootElement.GetProperty("paymentResponse").GetString()));

            // Ctrl+C: SIGINT to zks, which stops the node and the chain.
            using (var interrupt = Process.Start("kill", ["-INT", zks.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await interrupt.WaitForExitAsync(ct);
            await zks.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            Assert.True(zks.ExitCode == 0, output.ToString());
            Assert.All(new[] { chainPort, chainPort + 1, httpPort }, p => Assert.False(PortProbe.IsListening(p), $"port {p} is still open after the network stopped"));
        }
        finally
        {
            if (!zks.HasExited) zks.Kill(entireProcessTree: true);
            File.Delete(document);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Devnet_usdc_is_refused_on_a_chain_that_does_not_pose_as_devnet_before_anything_is_deployed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var chain = await ZkSummarize.DevChain.DevChainProcess.StartAsync(new ZkSummarize.DevChain.DevChainOptions { RepositoryRoot = RepoPaths.Root }, cancellationToken: ct);
        var keys = Path.Combine(Path.GetTempPath(), $"zks-boot-{Guid.NewGuid():N}");
        var result = await ZksProcess.RunAsync(["cluster", "bootstrap", "--rpc", chain.RpcUrl.ToString(), "--keys", keys, "--devnet-usdc"], ct);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not devnet's", result.Output, StringComparison.Ordinal);
        Assert.Contains("--as-devnet", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(keys), "nothing was written");
    }

    [Fact]
    public async Task Local_up_refuses_a_keys_folder_that_is_not_empty()
    {
        var folder = Directory.CreateTempSubdirectory("zks-local-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "something.json"), "{}", TestContext.Current.CancellationToken);
            var result = await ZksProcess.RunAsync(["local", "up", "--keys", folder], TestContext.Current.CancellationToken);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("not empty", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
