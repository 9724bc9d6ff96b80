namespace ZkSummarize.DevChain;

/// <summary>Finds the repository checkout that holds the dev chain's JavaScript sources.</summary>
public static class RepositoryLocator
{
    /// <summary>
    /// Walks up from <paramref name="start"/> (default: the running assembly's folder) to the folder that holds
    /// ZkSummarize.sln and src/devchain. Throws with a clear message when there is none.
    /// </summary>
    public static string FindRoot(string? start = null)
    {
        var env = Environment.GetEnvironmentVariable("ZKS_REPO_ROOT");
        if (!string.IsNullOrEmpty(env) && IsRoot(env))
        {
            return Path.GetFullPath(env);
        }

        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (IsRoot(dir.FullName))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"Could not find the ZkSummarize repository (a folder with ZkSummarize.sln and src/devchain) above {start ?? AppContext.BaseDirectory}. " +
            "Run from inside the checkout or set ZKS_REPO_ROOT.");
    }

    private static bool IsRoot(string dir) =>
        File.Exists(Path.Combine(dir, "ZkSummarize.sln")) && Directory.Exists(Path.Combine(dir, "src", "devchain"));
}
