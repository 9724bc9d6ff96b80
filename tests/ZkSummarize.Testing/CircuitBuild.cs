namespace ZkSummarize.Testing;

/// <summary>Compiles circuits/grounding.circom with circuits/build.sh (a no-op when up to date; the script takes a lock).</summary>
public static class CircuitBuild
{
    public static string Folder => RepoPaths.Combine("circuits");

    public static Task EnsureBuiltAsync() => BuildScript.RunAsync(Path.Combine(Folder, "build.sh"), Folder);
}
