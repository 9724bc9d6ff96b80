using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ZkSummarize.Cli;

/// <summary>A ZkSummarize node started as a child process on a free loopback port; killed on dispose.</summary>
internal sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>CPU time the node has used so far (all its threads), for per-request cost.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The node's resident memory (RSS) now, in bytes.</summary>
    public long MemoryBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>The node as scripts/demo.sh builds it.</summary>
    public static string BuiltNode(string root) => Path.Combine(root, "src", "ZkSummarize.Node", "bin", "Release", "net10.0", "ZkSummarize.Node.dll");

    /// <param name="nodeDll">The built node (src/ZkSummarize.Node/bin/…/ZkSummarize.Node.dll).</param>
    /// <param name="settingsFile">The nodes' shared settings (ZKS_NODE_SETTINGS), as ChainBootstrap writes them.</param>
    /// <param name="settings">This node's own settings, such as ("Roles", "worker"); they win over the file.</param>
    public static async Task<NodeProcess> StartAsync(string nodeDll, string settingsFile, IEnumerable<(string Name, string Value)> settings, CancellationToken ct)
    {
        if (!File.Exists(nodeDll)) throw new InvalidOperationException($"The node is not built at {nodeDll}. Run scripts/demo.sh, which builds it.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(nodeDll)! };
        start.Environment["ZKS_NODE_SETTINGS"] = settingsFile;
        start.ArgumentList.Add(nodeDll);
        // Free ports everywhere, so a demo never collides with a node already running here.
        foreach (var arg in (string[])["--Node:HttpUrl", "http://127.0.0.1:0", "--Node:GrpcUrl", "http://127.0.0.1:0", "--Node:ManagementUrl", "http://127.0.0.1:0", "--Node:SiloPort", ZkSummarize.DevChain.LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in settings)
        {
            start.ArgumentList.Add($"--Node:{name}");
            start.ArgumentList.Add(value);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the node.");
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var first = await Task.WhenAny(listening.Task, process.WaitForExitAsync(ct), Task.Delay(TimeSpan.FromMinutes(2), ct));
        if (first != listening.Task)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"The node did not start:\n{output}");
        }
        return new NodeProcess(process, await listening.Task);
    }

    [GeneratedRegex(@"HTTP API: (http://\S+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
