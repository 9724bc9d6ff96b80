using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Testing;

namespace ZkSummarize.Crypto.Tests;

/// <summary>Our development setup against snarkjs: snarkjs reads our key, proves with it, and verifies our proofs.</summary>
public sealed class DevelopmentSetupTests
{
    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", name));

    private static Task<ScriptResult> Snarkjs(params string[] args) =>
        NodeScript.RunAsync(RepoPaths.Combine("tests", "js", "crypto", "node_modules", "snarkjs", "build", "cli.cjs"), args, TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Snarkjs_uses_our_key_and_both_sides_accept_each_others_proofs()
    {
        var key = DevelopmentSetup.Create(R1cs.Read(Vector("toy.r1cs")), "test seed");
        var witness = SnarkjsBinary.ReadWitness(Vector("witness1.wtns"));
        var inputs = witness.Skip(1).Take(key.PublicInputCount).ToArray();

        var ours = Groth16Prover.Prove(key, witness);
        Assert.True(Groth16Verifier.Verify(key.VerifyingKey, inputs, ours));

        var dir = Directory.CreateTempSubdirectory("zks-setup-");
        try
        {
            string Path_(string name) => Path.Combine(dir.FullName, name);
            await File.WriteAllBytesAsync(Path_("dev.zkey"), SnarkjsBinary.WriteZkey(key), TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(Path_("witness.wtns"), Vector("witness1.wtns"), TestContext.Current.CancellationToken);

            var export = await Snarkjs("zkey", "export", "verificationkey", Path_("dev.zkey"), Path_("vk.json"));
            Assert.True(export.ExitCode == 0, export.StandardOutput + export.StandardError);
            var exported = SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(Path_("vk.json"), TestContext.Current.CancellationToken));
            Assert.Equal(SolanaEncoding.EncodeVerifyingKey(key.VerifyingKey), SolanaEncoding.EncodeVerifyingKey(exported));

            var prove = await Snarkjs("groth16", "prove", Path_("dev.zkey"), Path_("witness.wtns"), Path_("proof.json"), Path_("public.json"));
            Assert.True(prove.ExitCode == 0, prove.StandardOutput + prove.StandardError);
            var theirs = SnarkjsJson.ReadProof(await File.ReadAllTextAsync(Path_("proof.json"), TestContext.Current.CancellationToken));
            Assert.True(Groth16Verifier.Verify(key.VerifyingKey, inputs, theirs));

            await File.WriteAllTextAsync(Path_("ours.json"), SnarkjsJson.WriteProof(ours), TestContext.Current.CancellationToken);
            var verify = await Snarkjs("groth16", "verify", Path_("vk.json"), Path_("public.json"), Path_("ours.json"));
            Assert.True(verify.ExitCode == 0 && verify.StandardOutput.Contains("OK!", StringComparison.Ordinal), verify.StandardOutput + verify.StandardError);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_key_and_another_seed_another()
    {
        var r1cs = R1cs.Read(Vector("toy.r1cs"));
        var one = SolanaEncoding.EncodeVerifyingKey(DevelopmentSetup.Create(r1cs, "a").VerifyingKey);
        Assert.Equal(one, SolanaEncoding.EncodeVerifyingKey(DevelopmentSetup.Create(r1cs, "a").VerifyingKey));
        Assert.NotEqual(one, SolanaEncoding.EncodeVerifyingKey(DevelopmentSetup.Create(r1cs, "b").VerifyingKey));
    }
}
