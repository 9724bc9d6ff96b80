using ZkSummarize.Testing;

namespace ZkSummarize.Crypto.Tests.Ceremony;

/// <summary>The snarkjs CLI (tests/js/crypto's npm install), the peer our ceremony files are checked against.</summary>
internal static class Snarkjs
{
    private static string Cli => RepoPaths.Combine("tests", "js", "crypto", "node_modules", "snarkjs", "build", "cli.cjs");

    public static Task<ScriptResult> RunAsync(params string[] args) =>
        NodeScript.RunAsync(Cli, args, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

    /// <summary>Runs snarkjs and fails the test with its output unless it exits with 0 (snarkjs also says [ERROR] on failed checks).</summary>
    public static async Task<ScriptResult> RunCheckedAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0 && !result.StandardOutput.Contains("[ERROR]", StringComparison.Ordinal),
            $"snarkjs {string.Join(' ', args)} failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }
}

/// <summary>A temporary folder deleted with the test.</summary>
internal sealed class TempFolder : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zks-ceremony-");

    public string this[string name] => Path.Combine(_dir.FullName, name);

    public void Dispose() => _dir.Delete(recursive: true);
}
