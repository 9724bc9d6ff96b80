namespace ZkSummarize.Testing;

/// <summary>Compiles circuits/grounding.circom with circuits/build.sh (a no-op when up to date; the script takes a lock).</summary>
public static class CircuitBuild
{
    public static string Folder => RepoPaths.Combine("circuits");

    public static Task EnsureBuiltAsync() => BuildScript.RunAsync(Path.Combine(Folder, "build.sh"), Folder);
}

/// <summary>The project's ceremony key for the grounding circuit (circuits/ceremony, circuits/README.md): what nodes prove with off the dev chain.</summary>
public static class CeremonyKey
{
    /// <summary>The final proving key (snarkjs .zkey).</summary>
    public static string Zkey => RepoPaths.Combine("circuits", "ceremony", "grounding_final.zkey");

    /// <summary>Its verification key as snarkjs exports it.</summary>
    public static string VerificationKey => RepoPaths.Combine("circuits", "verification_key.json");
}
