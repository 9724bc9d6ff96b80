using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Crypto.Tests;

/// <summary>Our verifier against proofs and keys made by snarkjs (tests/js/crypto/make-groth16-vectors.sh).</summary>
public sealed class Groth16VerifierTests
{
    private static string Vector(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", name));

    private static readonly VerifyingKey Key = SnarkjsJson.ReadVerifyingKey(Vector("verification_key.json"));

    private static (Proof Proof, IReadOnlyList<Fr> Inputs) Load(int n) =>
        (SnarkjsJson.ReadProof(Vector($"proof{n}.json")), SnarkjsJson.ReadPublicInputs(Vector($"public{n}.json")));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Accepts_proofs_made_by_snarkjs(int n)
    {
        var (proof, inputs) = Load(n);
        Assert.Equal(4, Key.PublicInputCount);
        Assert.True(Groth16Verifier.Verify(Key, inputs, proof));
    }

    [Fact]
    public void Rejects_a_proof_with_another_proofs_public_inputs()
    {
        Assert.False(Groth16Verifier.Verify(Key, Load(2).Inputs, Load(1).Proof));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Rejects_any_changed_public_input(int which)
    {
        var (proof, inputs) = Load(1);
        var changed = inputs.ToArray();
        changed[which] += Fr.One;
        Assert.False(Groth16Verifier.Verify(Key, changed, proof));
    }

    [Fact]
    public void Rejects_every_single_flipped_bit_of_the_encoded_proof()
    {
        var (proof, inputs) = Load(1);
        var bytes = SolanaEncoding.EncodeProof(proof);
        Assert.True(Groth16Verifier.Verify(Key, inputs, SolanaEncoding.DecodeProof(bytes)));
        // one bit in each 32-byte word (all 8 coordinates), low and high
        foreach (var position in Enumerable.Range(0, 8).SelectMany(w => new[] { 32 * w + 31, 32 * w + 3 }))
        {
            var flipped = (byte[])bytes.Clone();
            flipped[position] ^= 0x01;
            bool accepted;
            try
            {
                accepted = Groth16Verifier.Verify(Key, inputs, SolanaEncoding.DecodeProof(flipped));
            }
            catch (FormatException)
            {
                accepted = false; // not a point on the curve at all
            }
            Assert.False(accepted, $"a flipped bit at byte {position} was accepted");
        }
    }

    [Fact]
    public void Rejects_a_b_point_outside_the_g2_subgroup()
    {
        var (proof, inputs) = Load(1);
        var outside = TwistPointOutsideSubgroup();
        Assert.True(outside.IsOnCurve(G2.B));
        Assert.False(G2.IsInSubgroup(outside));
        Assert.False(Groth16Verifier.Verify(Key, inputs, proof with { B = outside }));
        Assert.Throws<FormatException>(() => G2.Decode(G2.Encode(outside)));
    }

    [Fact]
    public void Rejects_proofs_under_a_wrong_verifying_key()
    {
        var (proof, inputs) = Load(1);
        Assert.False(Groth16Verifier.Verify(Key with { Delta = Key.Gamma }, inputs, proof));
        Assert.False(Groth16Verifier.Verify(Key with { IC = [.. Key.IC.Take(4), Key.IC[4].Double()] }, inputs, proof));
        Assert.Throws<ArgumentException>(() => Groth16Verifier.Verify(Key, inputs.Take(3).ToArray(), proof));
    }

    [Fact]
    public void Snarkjs_json_round_trips_and_bad_files_are_refused()
    {
        var (proof, inputs) = Load(2);
        var again = SnarkjsJson.ReadProof(SnarkjsJson.WriteProof(proof));
        Assert.True(again.A.SamePointAs(proof.A) && again.B.SamePointAs(proof.B) && again.C.SamePointAs(proof.C));
        Assert.Equal(inputs, SnarkjsJson.ReadPublicInputs(SnarkjsJson.WritePublicInputs(inputs)));
        Assert.Throws<FormatException>(() => SnarkjsJson.ReadProof(Vector("proof1.json").Replace("groth16", "plonk", StringComparison.Ordinal)));
        Assert.Throws<FormatException>(() => SnarkjsJson.ReadPublicInputs($"[\"{Fr.Modulus}\"]"));
        Assert.Equal(768, SolanaEncoding.EncodeVerifyingKey(Key).Length);
    }

    // Points on the twist whose order is not r exist because the twist's order is r times a large cofactor.
    private static JacobianPoint<Fq2> TwistPointOutsideSubgroup()
    {
        for (var i = 1; ; i++)
        {
            var x = new Fq2(Fq.FromBigInteger(i), Fq.One);
            if ((x.Square() * x + G2.B).Sqrt() is { } y) return JacobianPoint<Fq2>.FromAffine(x, y);
        }
    }
}
