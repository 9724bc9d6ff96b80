using ZkSummarize.Crypto.Ceremony;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Tests.Ceremony;

/// <summary>Phase 2 against snarkjs on the toy circuit: the same bytes where deterministic, and each accepts the other's keys.</summary>
public sealed class PhaseTwoInteropTests
{
    private const string BeaconHex = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private static string Toy => Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", "toy.r1cs");

    [Fact]
    public async Task Setup_and_beacon_give_snarkjs_bytes()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var (_, prepared) = await Snarkjs.PhaseOneAsync(dir, 5);
        await Snarkjs.RunCheckedAsync("groth16", "setup", Toy, prepared, dir["s0.zkey"]);
        var ours = PhaseTwo.New(R1cs.Read(await File.ReadAllBytesAsync(Toy, ct)), PtauFile.Read(await File.ReadAllBytesAsync(prepared, ct)), cancellationToken: ct);
        Assert.Equal(await File.ReadAllBytesAsync(dir["s0.zkey"], ct), ours.Write());

        await Snarkjs.RunCheckedAsync("zkey", "beacon", dir["s0.zkey"], dir["s1.zkey"], BeaconHex, "10", "-n=final");
        var beacon = PhaseTwo.Beacon(ours, "final", BeaconHex, 10, cancellationToken: ct);
        Assert.Equal(await File.ReadAllBytesAsync(dir["s1.zkey"], ct), beacon.Write());
    }

    [Fact]
    public async Task A_mixed_chain_verifies_with_both_and_exports_snarkjs_verification_key()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var ptau = PhaseTwoPreparation.Prepare(PowersOfTau.Contribute(PowersOfTau.New(5), "p1", "x", cancellationToken: ct), cancellationToken: ct);
        await File.WriteAllBytesAsync(dir["p.ptau"], ptau.Write(), ct);
        var r1cs = R1cs.Read(await File.ReadAllBytesAsync(Toy, ct));

        var ours = PhaseTwo.Contribute(PhaseTwo.New(r1cs, ptau, cancellationToken: ct), "ours first", "entropy", cancellationToken: ct);
        await File.WriteAllBytesAsync(dir["z1.zkey"], ours.Write(), ct);
        await Snarkjs.RunCheckedAsync("zkey", "contribute", dir["z1.zkey"], dir["z2.zkey"], "-n=snarkjs second", "-e=more entropy");
        var last = PhaseTwo.Contribute(ZkeyFile.Read(await File.ReadAllBytesAsync(dir["z2.zkey"], ct)), "ours third", null, cancellationToken: ct);
        await File.WriteAllBytesAsync(dir["z3.zkey"], last.Write(), ct);

        var snarkjs = await Snarkjs.RunCheckedAsync("zkey", "verify", Toy, dir["p.ptau"], dir["z3.zkey"]);
        Assert.Contains("ZKey Ok!", snarkjs.StandardOutput, StringComparison.Ordinal);
        var report = PhaseTwoVerifier.Verify(r1cs, ptau, last, recomputeCircuitHash: true, cancellationToken: ct);
        Assert.True(report.IsValid, report.Failure);
        Assert.Equal(["ours first", "snarkjs second", "ours third"], report.Contributions.Select(c => c.Name));
        foreach (var c in report.Contributions) Assert.Contains(PtauHashes.Format(c.Hash), snarkjs.StandardOutput, StringComparison.Ordinal);

        await Snarkjs.RunCheckedAsync("zkey", "export", "verificationkey", dir["z3.zkey"], dir["vk.json"]);
        Assert.Equal(await File.ReadAllTextAsync(dir["vk.json"], ct), VerificationKeyExport.Json(last));
    }

    [Fact]
    public async Task A_proof_made_with_the_ceremony_key_verifies_with_snarkjs_and_ours()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var ptau = PhaseTwoPreparation.Prepare(PowersOfTau.Beacon(PowersOfTau.Contribute(PowersOfTau.New(5), "p1", null, cancellationToken: ct), "b", BeaconHex, 10, cancellationToken: ct), cancellationToken: ct);
        var key = PhaseTwo.Beacon(PhaseTwo.Contribute(PhaseTwo.New(R1cs.Read(await File.ReadAllBytesAsync(Toy, ct)), ptau, cancellationToken: ct), "z1", null, cancellationToken: ct), "b", BeaconHex, 10, cancellationToken: ct);

        var provingKey = SnarkjsBinary.ReadZkey(key.Write());
        var witness = SnarkjsBinary.ReadWitness(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", "witness1.wtns"), ct));
        var inputs = witness.Skip(1).Take(provingKey.PublicInputCount).ToArray();
        var proof = Groth16Prover.Prove(provingKey, witness);
        Assert.True(Groth16Verifier.Verify(VerificationKeyExport.VerifyingKey(key), inputs, proof));

        await File.WriteAllTextAsync(dir["vk.json"], VerificationKeyExport.Json(key), ct);
        await File.WriteAllTextAsync(dir["proof.json"], SnarkjsJson.WriteProof(proof), ct);
        await File.WriteAllTextAsync(dir["public.json"], SnarkjsJson.WritePublicInputs(inputs), ct);
        var result = await Snarkjs.RunCheckedAsync("groth16", "verify", dir["vk.json"], dir["public.json"], dir["proof.json"]);
        Assert.Contains("OK!", result.StandardOutput, StringComparison.Ordinal);
    }
}
