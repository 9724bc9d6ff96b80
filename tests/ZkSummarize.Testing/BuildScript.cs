using System.Diagnostics;

namespace ZkSummarize.Testing;

/// <summary>Runs one of the repository's build scripts (each takes a lock, so concurrent callers are safe).</summary>
internal static class BuildScript
{
    public static async Task RunAsync(string script, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory ?? "", RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed:\n{await output}\n{await error}");
    }
}
