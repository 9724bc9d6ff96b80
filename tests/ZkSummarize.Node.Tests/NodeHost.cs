using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// One real node process (ZkSummarize.Node.dll on free loopback ports) with fixed arguments, so that
/// it can be killed (SIGKILL, no shutdown) and started again as the same node.
/// </summary>
public sealed partial class NodeHost(string name, IReadOnlyList<string> arguments) : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _watches = [];
    private readonly int _siloPort = ZkSummarize.DevChain.LoopbackPorts.Free();
    private Process? _process;

    public string Name => name;

    public Uri Url { get; private set; } = null!;

    public Uri GrpcUrl { get; private set; } = null!;

    /// <summary>The management listener: the dashboard, /metrics and the health endpoints.</summary>
    public Uri ManagementUrl { get; private set; } = null!;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the process printed so far, in all its lives (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in (string[])
        [
            Path.Combine(AppContext.BaseDirectory, "ZkSummarize.Node.dll"), "--Node:HttpUrl", "http://127.0.0.1:0", "--Node:GrpcUrl", "http://127.0.0.1:0",
            "--Node:ManagementUrl", "http://127.0.0.1:0",
            "--Node:SiloPort", _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments,
        ])
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output)
            {
                _output.AppendLine($"[{name}] {e.Data}");
                foreach (var (pattern, seen) in _watches)
                {
                    if (pattern.Match(e.Data) is { Success: true } match) seen.TrySetResult(match);
                }
            }
            if (Listening().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
            if (GrpcListening().Match(e.Data) is { Success: true } g) GrpcUrl = new Uri(g.Groups[1].Value);
            if (ManagementListening().Match(e.Data) is { Success: true } mg) ManagementUrl = new Uri(mg.Groups[1].Value);
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine($"[{name}] {e.Data}"); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // A node that makes the development key at start needs over two minutes on a loaded 2-core machine.
        var first = await Task.WhenAny(listening.Task, _process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(5)));
        if (first != listening.Task) throw new InvalidOperationException($"The node {name} did not start:\n{Output}");
        Url = await listening.Task;
    }

    /// <summary>
    /// The first line this node printed (in any of its lives) or prints next that matches <paramref name="pattern"/>.
    /// Completes as the line is read, so a test can act on a log line within milliseconds.
    /// </summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (pattern.Match(_output.ToString()) is { Success: true } printed) return printed;
            _watches.Add((pattern, seen));
        }
        try
        {
            return await seen.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_output) _watches.Remove((pattern, seen));
        }
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no flushing.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    [GeneratedRegex(@"HTTP API: (http://\S+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"gRPC: (http://\S+)")]
    private static partial Regex GrpcListening();

    [GeneratedRegex(@"Management: (http://\S+)")]
    private static partial Regex ManagementListening();
}
