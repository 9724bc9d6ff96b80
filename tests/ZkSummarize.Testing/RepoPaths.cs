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

    /// <summary>The shared data folder beside the checkout (tests only; user commands never need it).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));
}
