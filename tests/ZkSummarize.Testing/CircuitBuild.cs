using System.Diagnostics;

namespace ZkSummarize.Testing;

/// <summary>Compiles circuits/grounding.circom with circuits/build.sh (a no-op when up to date; the script takes a lock).</summary>
public static class CircuitBuild
{
    public static string Folder => RepoPaths.Combine("circuits");

    public static async Task EnsureBuiltAsync()
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Folder, "build.sh"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"circuits/build.sh failed:\n{await output}\n{await error}");
    }
}
