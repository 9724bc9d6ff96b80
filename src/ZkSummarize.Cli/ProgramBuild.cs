using System.Diagnostics;

namespace ZkSummarize.Cli;

/// <summary>The escrow program built from this checkout's source with src/onchain/build.sh (reproducible: README pins its SHA-256).</summary>
internal static class ProgramBuild
{
    public static string OutputFile(string root) => Path.Combine(root, "src", "onchain", "build", "zksummarize_escrow.so");

    /// <summary>Runs build.sh (clang-14, then our linker) and returns the program's bytes.</summary>
    /// <exception cref="InvalidOperationException">The build failed; the message has its output.</exception>
    public static async Task<byte[]> BuildAsync(string root, CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "src", "onchain", "build.sh"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"src/onchain/build.sh failed (exit code {process.ExitCode}); it needs clang-14 and the .NET SDK (scripts/setup.sh):\n{await output}{await errors}");
        }

        return await File.ReadAllBytesAsync(OutputFile(root), ct);
    }

    /// <summary>The program file the user named, or the one built from source when they named none.</summary>
    public static async Task<(byte[] Bytes, string Source)> LoadOrBuildAsync(FileInfo? file, CancellationToken ct)
    {
        if (file is not null) return (await File.ReadAllBytesAsync(file.FullName, ct), file.FullName);
        var root = DevChain.RepositoryLocator.FindRoot();
        return (await BuildAsync(root, ct), $"{OutputFile(root)} (built from source)");
    }
}
