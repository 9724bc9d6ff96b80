using ZkSummarize.Testing;

namespace ZkSummarize.Crypto.Tests.Ceremony;

/// <summary>The snarkjs CLI (tests/js/crypto's npm install), the peer our ceremony files are checked against.</summary>
internal static class Snarkjs
{
    private static string Cli => RepoPaths.Combine("tests", "js", "crypto", "node_modules", "snarkjs", "build", "cli.cjs");

    public static Task<ScriptResult> RunAsync(params string[] args) =>
        NodeScript.RunAsync(Cli, args, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

    /// <summary>
    /// A snarkjs phase 1 in <paramref name="dir"/>: new (p0.ptau), one contribution (p1.ptau), prepared for
    /// phase 2 (p.ptau); returns the contributed file's and the prepared file's paths.
    /// </summary>
    public static async Task<(string Contributed, string Prepared)> PhaseOneAsync(TempFolder dir, int power)
    {
        await RunCheckedAsync("powersoftau", "new", "bn128", power.ToString(System.Globalization.CultureInfo.InvariantCulture), dir["p0.ptau"]);
        await RunCheckedAsync("powersoftau", "contribute", dir["p0.ptau"], dir["p1.ptau"], "-n=first", "-e=some entropy");
        await RunCheckedAsync("powersoftau", "prepare", "phase2", dir["p1.ptau"], dir["p.ptau"]);
        return (dir["p1.ptau"], dir["p.ptau"]);
    }

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
