namespace ZkSummarize.Node.Tests;

/// <summary>Runs the real `zks` CLI as a subprocess.</summary>
internal static class ZksCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string[] args, CancellationToken ct)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // zks from its own build output: the solution build puts it there (this folder holds the node, a web app with another framework).
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        start.ArgumentList.Add(Testing.RepoPaths.Combine("src", "ZkSummarize.Cli", "bin", configuration, "net10.0", "zks.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The output with every run of whitespace as one space: the console wraps long lines wherever the (random) keys make them end.</summary>
    public static string Flat(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");
}
