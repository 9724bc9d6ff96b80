using ZkSummarize.Testing;

namespace ZkSummarize.Cli.Tests;

/// <summary>`zks groth16 prove` is a drop-in for `snarkjs groth16 prove`: snarkjs verifies what it writes.</summary>
public sealed class Groth16ProveCommandTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static string Vector(string name) => RepoPaths.Combine("tests", "ZkSummarize.Crypto.Tests", "vectors", "groth16", name);

    [Fact]
    public async Task Snarkjs_verifies_the_proof_it_writes()
    {
        var dir = Directory.CreateTempSubdirectory("zks-groth16-");
        try
        {
            var proof = Path.Combine(dir.FullName, "proof.json");
            var publicInputs = Path.Combine(dir.FullName, "public.json");
            var prove = await ZksProcess.RunAsync(["groth16", "prove", Vector("toy.zkey"), Vector("witness2.wtns"), proof, publicInputs], Ct);
            Assert.True(prove.ExitCode == 0, prove.Output + prove.Error);
            Assert.Equal(Inputs(await File.ReadAllTextAsync(Vector("public2.json"), Ct)), Inputs(await File.ReadAllTextAsync(publicInputs, Ct)));

            var verify = await SnarkjsAsync("groth16", "verify", Vector("verification_key.json"), publicInputs, proof);
            Assert.True(verify.ExitCode == 0 && verify.StandardOutput.Contains("OK", StringComparison.Ordinal), verify.StandardOutput + verify.StandardError);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_file_of_the_wrong_kind_is_a_usage_error_that_names_the_problem()
    {
        var dir = Directory.CreateTempSubdirectory("zks-groth16-");
        try
        {
            var swapped = await ZksProcess.RunAsync(["groth16", "prove", Vector("witness1.wtns"), Vector("toy.zkey"), Path.Combine(dir.FullName, "p.json"), Path.Combine(dir.FullName, "q.json")], Ct);
            Assert.Equal(2, swapped.ExitCode);
            Assert.Contains("Cannot read the key or the witness", swapped.Output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir.FullName, "p.json")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string[] Inputs(string json) => System.Text.Json.JsonSerializer.Deserialize<string[]>(json)!;

    private static Task<ScriptResult> SnarkjsAsync(params string[] args) =>
        NodeScript.RunAsync(RepoPaths.Combine("tests", "js", "crypto", "node_modules", "snarkjs", "build", "cli.cjs"), args, TimeSpan.FromMinutes(2), Ct);
}
