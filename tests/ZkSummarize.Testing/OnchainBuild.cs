using System.Diagnostics;

namespace ZkSummarize.Testing;

/// <summary>Builds src/onchain from source exactly as CI does: clang-14, then our linker.</summary>
public static class OnchainBuild
{
    /// <summary>
    /// Runs src/onchain/build.sh, which leaves src/onchain/build/zksummarize_escrow.so where `zks` reads it
    /// (the script takes a lock and renames the finished file, so concurrent callers are safe).
    /// </summary>
    public static Task EnsureProgramFileAsync()
    {
        MutationRun.SkipIfSkipped("devchain");
        return BuildScript.RunAsync(RepoPaths.Combine("src", "onchain", "build.sh"));
    }

    /// <summary>
    /// The program's bytes, built in memory (for tests that deploy it themselves), from src/onchain or, when
    /// ZKS_ONCHAIN_SOURCE names a folder, from that copy of it (scripts/mutation-onchain.mjs builds mutants so,
    /// with ZKS_ONCHAIN_CFLAGS adding the warning switches a mutant needs).
    /// </summary>
    public static async Task<byte[]> BuildProgramAsync()
    {
        var program = Environment.GetEnvironmentVariable("ZKS_ONCHAIN_SOURCE") is { Length: > 0 } copy
            ? Path.Combine(copy, "program.c")
            : RepoPaths.Combine("src", "onchain", "program.c");
        var objectFile = Path.Combine(Path.GetTempPath(), $"zks-escrow-{Guid.NewGuid():N}.o");
        try
        {
            var start = new ProcessStartInfo("clang-14") { RedirectStandardError = true };
            foreach (var arg in new[] { "-target", "bpf", "-mcpu=v2", "-O2", "-ffreestanding", "-fno-builtin", "-ffunction-sections", "-fdata-sections", "-Wall", "-Wextra", "-Werror", "-c", program, "-o", objectFile })
            {
                start.ArgumentList.Add(arg);
            }
            var extraFlags = Environment.GetEnvironmentVariable("ZKS_ONCHAIN_CFLAGS") ?? "";
            foreach (var flag in extraFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries)) start.ArgumentList.Insert(start.ArgumentList.Count - 4, flag);
            using var clang = Process.Start(start) ?? throw new InvalidOperationException("clang-14 did not start; run scripts/setup.sh.");
            var errors = await clang.StandardError.ReadToEndAsync();
            await clang.WaitForExitAsync();
            if (clang.ExitCode != 0) throw new InvalidOperationException($"clang-14 failed on {program}:\n{errors}");
            return SbfLinker.SbfLinker.Link(await File.ReadAllBytesAsync(objectFile));
        }
        finally
        {
            File.Delete(objectFile);
        }
    }
}
