using Xunit;
using ZkSummarize.DevChain;

namespace ZkSummarize.Testing;

/// <summary>Paths inside the repository checkout the tests run from.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() => RepositoryLocator.FindRoot());

    /// <summary>The folder holding ZkSummarize.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A path below the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>
    /// The shared data folder (tests only; user commands never need it): <c>ZKS_SHARED_DATA</c> if set,
    /// else <c>../shared/data</c> beside the checkout.
    /// </summary>
    public static string SharedData =>
        Environment.GetEnvironmentVariable("ZKS_SHARED_DATA") is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment)
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    /// <summary>The BBC reference set (60 pairs), or a skip that says how to provide it.</summary>
    public static string RequireBbcData() => RequireSharedSet("bbc-news-summary");

    /// <summary>The 1,284 BBC pairs the learned scorer is trained on, or a skip that says how to provide them.</summary>
    public static string RequireBbcFullData() => RequireSharedSet("bbc-news-summary-full");

    private static string RequireSharedSet(string name)
    {
        var dir = Path.Combine(SharedData, name);
        if (!Directory.Exists(Path.Combine(dir, "article")))
        {
            Assert.Skip($"The reference set {name} is not at {dir}; set ZKS_SHARED_DATA to the shared data folder to run this test.");
        }
        return dir;
    }
}
