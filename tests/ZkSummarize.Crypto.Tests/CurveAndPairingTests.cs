using System.Numerics;
using System.Text.Json;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Tests;

/// <summary>G1, G2 and the pairing against ffjavascript, the curve library under snarkjs (tests/js/crypto/make-bn254-vectors.mjs).</summary>
public sealed class CurveAndPairingTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "bn254.json"))).RootElement;

    private static BigInteger Big(JsonElement e) => BigInteger.Parse(e.GetString()!);

    public static TheoryData<int> Multiples() => new(Enumerable.Range(0, Vectors.GetProperty("multiples").GetArrayLength()));

    public static TheoryData<int> Checks() => new(Enumerable.Range(0, Vectors.GetProperty("checks").GetArrayLength()));

    [Theory]
    [MemberData(nameof(Multiples))]
    public void Scalar_multiples_of_the_generators_match_ffjavascript(int n)
    {
        var v = Vectors.GetProperty("multiples")[n];
        var k = Big(v.GetProperty("k"));
        var p = G1.Generator.Multiply(k).ToAffine()!.Value;
        Assert.Equal(Big(v.GetProperty("g1").GetProperty("x")), p.X.ToBigInteger());
        Assert.Equal(Big(v.GetProperty("g1").GetProperty("y")), p.Y.ToBigInteger());
        var q = G2.Generator.Multiply(k).ToAffine()!.Value;
        var x = v.GetProperty("g2").GetProperty("x");
        var y = v.GetProperty("g2").GetProperty("y");
        Assert.Equal(Fq2.FromBigIntegers(Big(x[0]), Big(x[1])), q.X);
        Assert.Equal(Fq2.FromBigIntegers(Big(y[0]), Big(y[1])), q.Y);
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Pairing_checks_agree_with_ffjavascript(int n)
    {
        var v = Vectors.GetProperty("checks")[n];
        var holds = Pairing.ProductIsOne([
            (G1.Generator.Multiply(Big(v.GetProperty("a"))), G2.Generator.Multiply(Big(v.GetProperty("b")))),
            (G1.Generator.Multiply(Big(v.GetProperty("ab"))).Negate(), G2.Generator),
        ]);
        Assert.Equal(v.GetProperty("holds").GetBoolean(), holds);
    }

    [Fact]
    public void The_pairing_is_bilinear_and_not_degenerate()
    {
        var e = Pairing.Pair(G1.Generator, G2.Generator);
        Assert.False(e.IsOne);
        Assert.Equal(e.Pow(6), Pairing.Pair(G1.Generator.Multiply(2), G2.Generator.Multiply(3)));
        Assert.True(e.Pow(Fr.Modulus).IsOne); // the result has order r
        Assert.True(Pairing.ProductIsOne([(G1.Generator, G2.Generator), (G1.Generator.Negate(), G2.Generator)]));
    }

    [Fact]
    public void The_fast_final_exponentiation_equals_the_definition()
    {
        var f = Pairing.MillerLoop(G1.Generator.Multiply(31337), G2.Generator.Multiply(271828));
        Assert.Equal(Pairing.FinalExponentiationByDefinition(f), Pairing.FinalExponentiation(f));
    }

    [Fact]
    public void Points_round_trip_through_the_alt_bn128_encoding()
    {
        var p = G1.Generator.Multiply(12345);
        Assert.True(G1.Decode(G1.Encode(p)).SamePointAs(p));
        var q = G2.Generator.Multiply(67890);
        Assert.True(G2.Decode(G2.Encode(q)).SamePointAs(q));
        Assert.True(G1.Decode(new byte[64]).IsInfinity);
        Assert.Equal(new byte[128], G2.Encode(JacobianPoint<Fq2>.Infinity));
    }

    [Fact]
    public void Malformed_points_are_rejected()
    {
        var offCurve = G1.Encode(G1.Generator);
        offCurve[^1] ^= 1;
        Assert.Throws<FormatException>(() => G1.Decode(offCurve));
        var tooBig = Fq.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.Throws<FormatException>(() => G1.Decode([.. tooBig, .. new byte[32]]));
        Assert.Throws<FormatException>(() => G1.Decode(new byte[63]));
        var badG2 = G2.Encode(G2.Generator);
        badG2[5] ^= 1;
        Assert.Throws<FormatException>(() => G2.Decode(badG2));
    }
}
