using Xunit;

namespace ZkSummarize.Testing;

/// <summary>
/// Whether the tests run under scripts/mutation.sh, which sets ZKS_MUTATION_RUN=1. Stryker runs the whole
/// test project against every mutant, so tests that prove (tens of seconds each on two cores) skip
/// themselves there; each one's code is also covered by fast tests against recorded vectors
/// (docs/testing.md says which). Everywhere else (CI, scripts/test.sh) they run.
/// </summary>
public static class MutationRun
{
    public static bool Active => Environment.GetEnvironmentVariable("ZKS_MUTATION_RUN") == "1";

    /// <summary>Skips the calling test in a mutation run.</summary>
    public static void SkipSlowTest(string what) =>
        Assert.SkipWhen(Active, $"{what}: too slow to run per mutant (ZKS_MUTATION_RUN=1); its code is covered by the recorded-vector tests");
}
