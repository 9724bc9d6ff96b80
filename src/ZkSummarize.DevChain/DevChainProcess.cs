using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ZkSummarize.DevChain;

/// <summary>
/// The dev chain running as a child process. Its stdin stays open while this object lives; the chain exits when
/// the pipe closes, so a crashed or killed parent never leaves it behind. Dispose stops it.
/// </summary>
public sealed class DevChainProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ILogger _logger;
    private int _disposed;

    private DevChainProcess(Process process, Uri rpcUrl, Uri webSocketUrl, string genesisHash, ILogger logger)
    {
        _process = process;
        RpcUrl = rpcUrl;
        WebSocketUrl = webSocketUrl;
        GenesisHash = genesisHash;
        _logger = logger;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The JSON-RPC endpoint.</summary>
    public Uri RpcUrl { get; }

    /// <summary>The PubSub websocket endpoint (RPC port + 1).</summary>
    public Uri WebSocketUrl { get; }

    /// <summary>What the chain answers to getGenesisHash.</summary>
    public string GenesisHash { get; }

    /// <summary>The child's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True while the child runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Starts the dev chain and waits until it is ready to serve.</summary>
    public static async Task<DevChainProcess> StartAsync(DevChainOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var root = options.RepositoryRoot ?? RepositoryLocator.FindRoot();
        var script = Path.Combine(root, "src", "devchain", "server.mjs");
        if (!Directory.Exists(Path.Combine(root, "src", "devchain", "node_modules", "litesvm")))
        {
            throw new InvalidOperationException(
                $"The dev chain's npm packages are not installed in {Path.Combine(root, "src", "devchain")}. Run scripts/setup.sh first.");
        }

        var start = new ProcessStartInfo(options.NodeExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        foreach (var arg in BuildArguments(script, options))
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run '{options.NodeExecutable}' ({e.Message}). Install Node.js 20 or later (scripts/setup.sh does).", e);
        }

        var stderr = new StderrForwarder(process, logger);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StartTimeout);
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            if (line is null)
            {
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                throw new InvalidOperationException($"The dev chain exited with code {process.ExitCode} before it was ready: {stderr.Text.Trim()}");
            }

            using var ready = JsonDocument.Parse(line);
            var rpcUrl = new Uri(ready.RootElement.GetProperty("rpcUrl").GetString()!);
            var wsUrl = new Uri(ready.RootElement.GetProperty("wsUrl").GetString()!);
            var genesisHash = ready.RootElement.GetProperty("genesisHash").GetString()!;
            logger.LogInformation("Dev chain ready at {RpcUrl} (websocket {WsUrl}, pid {Pid})", rpcUrl, wsUrl, process.Id);
            return new DevChainProcess(process, rpcUrl, wsUrl, genesisHash, logger);
        }
        catch (Exception e) when (e is OperationCanceledException or JsonException or KeyNotFoundException)
        {
            Kill(process);
            process.Dispose();
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The dev chain was not ready within {options.StartTimeout.TotalSeconds:0} s. Its errors: {stderr.Text.Trim()}", e);
            }

            throw;
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    private static IEnumerable<string> BuildArguments(string script, DevChainOptions options)
    {
        yield return script;
        yield return "--exit-with-stdin";
        yield return "--port";
        yield return options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--slot-ms";
        yield return ((int)options.SlotInterval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (options.GenesisHash is not null)
        {
            yield return "--genesis-hash";
            yield return options.GenesisHash;
        }

        if (!options.DevMethods)
        {
            yield return "--no-dev-methods";
        }

        foreach (var (programId, path) in options.Programs)
        {
            yield return "--program";
            yield return $"{programId}={Path.GetFullPath(path)}";
        }
    }

    /// <summary>Stops the chain: closes its stdin (it exits by itself), then kills it if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            _logger.LogWarning("The dev chain (pid {Pid}) did not stop by itself; killing it", _process.Id);
            Kill(_process);
        }

        _process.Dispose();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Kill(_process);

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Sends the child's stderr to the logger and keeps the start-up part for error messages.</summary>
    private sealed class StderrForwarder
    {
        private readonly System.Text.StringBuilder _text = new();

        public StderrForwarder(Process process, ILogger logger)
        {
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (_text)
                {
                    if (_text.Length < 16_384)
                    {
                        _text.AppendLine(e.Data);
                    }
                }

                logger.LogDebug("devchain: {Line}", e.Data);
            };
            process.BeginErrorReadLine();
        }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }
    }
}
