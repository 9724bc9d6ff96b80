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

    [Fact]
    public async Task A_truncated_or_damaged_key_is_a_usage_error_and_writes_no_proof()
    {
        // The key is read as the proof goes: a file cut short is refused when opened, a coordinate at or
        // above p in the last query (H) only when the prover reaches it; neither may crash or write a proof.
        var dir = Directory.CreateTempSubdirectory("zks-groth16-");
        try
        {
            var zkey = await File.ReadAllBytesAsync(Vector("toy.zkey"), Ct);
            var truncated = Path.Combine(dir.FullName, "truncated.zkey");
            await File.WriteAllBytesAsync(truncated, zkey[..^600], Ct);
            var damaged = Path.Combine(dir.FullName, "damaged.zkey");
            var modulus = System.Numerics.BigInteger.Parse("21888242871839275222246405745257275088696311157297823662689037894645226208583").ToByteArray(isUnsigned: true);
            modulus.CopyTo(zkey, zkey.Length - 469 - 12 - 64); // toy.zkey: section 10 (469 bytes) follows the last H point
            await File.WriteAllBytesAsync(damaged, zkey, Ct);

            foreach (var (key, message) in new[] { (truncated, "Cannot read the key or the witness"), (damaged, "damaged past its header") })
            {
                var proof = Path.Combine(dir.FullName, "p.json");
                var result = await ZksProcess.RunAsync(["groth16", "prove", key, Vector("witness1.wtns"), proof, Path.Combine(dir.FullName, "q.json")], Ct);
                Assert.Equal(2, result.ExitCode);
                Assert.Contains(message, result.Output, StringComparison.Ordinal);
                Assert.False(File.Exists(proof));
            }
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
