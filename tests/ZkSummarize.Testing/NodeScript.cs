using System.Diagnostics;

namespace ZkSummarize.Testing;

/// <summary>The outcome of a script run.</summary>
public sealed record ScriptResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The last non-empty line of stdout (scripts print their JSON result there).</summary>
    public string LastLine => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}

/// <summary>Runs a committed JavaScript peer script with node, with a timeout, and fails with its output.</summary>
public static class NodeScript
{
    public static async Task<ScriptResult> RunAsync(string scriptPath, IEnumerable<string> args, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(scriptPath)!,
        };
        start.ArgumentList.Add(scriptPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(scriptPath)} did not finish in time. stderr: {await stderr}");
        }

        return new ScriptResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the script and throws with its output unless it exits with 0.</summary>
    public static async Task<ScriptResult> RunCheckedAsync(string scriptPath, IEnumerable<string> args, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(scriptPath, args, timeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(scriptPath)} exited with {result.ExitCode}.\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        }

        return result;
    }
}
