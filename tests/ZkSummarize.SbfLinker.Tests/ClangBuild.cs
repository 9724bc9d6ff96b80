using System.Diagnostics;

namespace ZkSummarize.SbfLinker.Tests;

/// <summary>Compiles C for the Solana runtime with Debian's clang, as the on-chain build does.</summary>
internal static class ClangBuild
{
    public static string SourcePath(string name) => Path.Combine(AppContext.BaseDirectory, "programs", name);

    public static async Task<byte[]> CompileAsync(string source, params string[] extraFlags)
    {
        var output = Path.Combine(Path.GetTempPath(), $"zks-{Guid.NewGuid():N}.o");
        try
        {
            var start = new ProcessStartInfo("clang-14") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in (string[])["-target", "bpf", "-mcpu=v2", "-O2", "-ffreestanding", "-fno-builtin", "-ffunction-sections", "-fdata-sections", .. extraFlags, "-c", source, "-o", output])
            {
                start.ArgumentList.Add(arg);
            }
            using var clang = Process.Start(start) ?? throw new InvalidOperationException("clang-14 did not start; run scripts/setup.sh.");
            var error = await clang.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await clang.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(clang.ExitCode == 0, $"clang failed: {error}");
            return await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
