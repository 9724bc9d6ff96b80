using Xunit;

namespace ZkSummarize.Testing;

/// <summary>
/// What scripts/mutation.sh tells a test project to skip (ZKS_MUTATION_SKIP, comma-separated): Stryker runs the
/// whole test project against every mutant, so parts that take tens of seconds and cannot reach the mutated
/// code, or whose code recorded-vector tests also cover, skip themselves there (docs/testing.md says which):
/// "proofs" (proving and snarkjs), "node" (JavaScript readers of our vector files), "devchain" (a dev chain or
/// a program build). Unset everywhere else (CI, scripts/test.sh): everything runs.
/// </summary>
public static class MutationRun
{
    public static bool Skips(string part) =>
        (Environment.GetEnvironmentVariable("ZKS_MUTATION_SKIP") ?? "").Split(',', StringSplitOptions.TrimEntries).Contains(part);

    /// <summary>Skips the calling test when this mutation run skips <paramref name="part"/>.</summary>
    public static void SkipIfSkipped(string part) =>
        Assert.SkipWhen(Skips(part), $"this mutation run skips '{part}' (ZKS_MUTATION_SKIP; docs/testing.md)");
}
