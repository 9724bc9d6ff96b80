using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Ceremony;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Testing;

namespace ZkSummarize.Crypto.Tests.Ceremony;

/// <summary>
/// Why the ceremony exists: whoever knows a key's secrets proves anything. With the development seed's
/// τ, α, β, γ, δ we make a proof for arbitrary public inputs with no witness at all; the development key
/// accepts it, and the committed ceremony key does not (the seed gives nothing there).
/// </summary>
public sealed class DevelopmentKeyForgeryTests
{
    // GroundingProver.DevelopmentSeed (ZkSummarize.Core); checked below against the committed development key.
    private const string DevelopmentSeed = "zksummarize grounding development key v1";

    [Fact]
    public void The_development_seed_forges_proofs_the_ceremony_key_refuses()
    {
        var development = SnarkjsJson.ReadVerifyingKey(File.ReadAllText(RepoPaths.Combine("circuits", "verification_key.dev.json")));
        var ceremony = SnarkjsJson.ReadVerifyingKey(File.ReadAllText(RepoPaths.Combine("circuits", CommittedCeremony.VerificationKeyFileName)));
        var secrets = DevelopmentSetup.Secrets(DevelopmentSeed);
        Assert.True(G1.Generator.Multiply(secrets.Alpha.ToBigInteger()).SamePointAs(development.Alpha), "the seed is not the development key's");

        var inputs = CeremonyTestScalars(development.PublicInputCount);
        var forged = Forge(development, secrets, inputs);
        Assert.True(Groth16Verifier.Verify(development, inputs, forged));
        Assert.False(Groth16Verifier.Verify(ceremony, inputs, Forge(ceremony, secrets, inputs)));
        Assert.False(Groth16Verifier.Verify(ceremony, inputs, forged));
    }

    // A = a·G1, B = b·G2, C = ((ab − αβ)/δ)·G1 − (γ/δ)·L with L = IC₀ + Σ xᵢ·ICᵢ: then
    // e(A, B) = e(α, β)·e(L, γ)·e(C, δ) for any a, b, with no witness.
    private static Proof Forge(VerifyingKey key, (Fr Tau, Fr Alpha, Fr Beta, Fr Gamma, Fr Delta) s, IReadOnlyList<Fr> inputs)
    {
        var (a, b) = (Fr.FromUInt64(1234567), Fr.FromUInt64(7654321));
        var l = key.IC[0];
        for (var i = 0; i < inputs.Count; i++) l = l.Add(key.IC[i + 1].Multiply(inputs[i].ToBigInteger()));
        var deltaInverse = s.Delta.Inverse();
        var c = G1.Generator.Multiply(((a * b - s.Alpha * s.Beta) * deltaInverse).ToBigInteger()).Add(l.Multiply((s.Gamma * deltaInverse).ToBigInteger()).Negate());
        return new Proof(G1.Generator.Multiply(a.ToBigInteger()), G2.Generator.Multiply(b.ToBigInteger()), c);
    }

    private static Fr[] CeremonyTestScalars(int count) => Enumerable.Range(0, count).Select(i => Fr.FromUInt64((ulong)(1000 + 17 * i))).ToArray();
}
