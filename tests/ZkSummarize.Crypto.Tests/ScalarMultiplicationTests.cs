using System.Numerics;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Tests;

/// <summary>The ceremony's fast scalar multiplication (NAF, GLV on G1) and G2 membership test against the plain definitions.</summary>
public sealed class ScalarMultiplicationTests
{
    public static TheoryData<string> Scalars => ["0", "1", "2", "15", "16", "65537", "21888242871839275222246405745257275088548364400416034343698204186575808495616",
        "4407920970296243842393367215006156084916469457145843978461", "12345678901234567890123456789012345678901234567890123456789012345678901234567"];

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Matches_double_and_add_in_both_groups(string scalar)
    {
        var k = BigInteger.Parse(scalar);
        var g1 = G1.Generator.Multiply(7);
        var g2 = G2.Generator.Multiply(11);
        Assert.True(ScalarMultiplication.Multiply(g1, Fr.FromBigInteger(k)).SamePointAs(g1.Multiply(k % Fr.Modulus)));
        Assert.True(ScalarMultiplication.Multiply(g2, Fr.FromBigInteger(k)).SamePointAs(g2.Multiply(k % Fr.Modulus)));
    }

    [Fact]
    public void The_glv_split_recombines_with_short_halves()
    {
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            var k = new BigInteger(bytes, isUnsigned: true) % Fr.Modulus;
            var (k1, k2) = Glv.Split(k);
            Assert.Equal(k, ((k1 + k2 * Glv.Lambda) % Fr.Modulus + Fr.Modulus) % Fr.Modulus);
            Assert.True(BigInteger.Abs(k1).GetBitLength() <= 128 && BigInteger.Abs(k2).GetBitLength() <= 128);
        }
    }

    [Fact]
    public void The_fast_G2_membership_test_agrees_with_multiplying_by_r()
    {
        Assert.True(G2Subgroup.Contains(G2.Generator.Multiply(123456789)));
        Assert.True(G2Subgroup.Contains(JacobianPoint<Fq2>.Infinity));
        // Points of the twist outside the subgroup: x = 1, 2, … until x³ + b is a square.
        var found = 0;
        for (var x = 1; found < 3; x++)
        {
            var fx = new Fq2(Fq.FromBigInteger(x), Fq.One);
            if ((fx.Square() * fx + G2.B).Sqrt() is not { } y) continue;
            var point = JacobianPoint<Fq2>.FromAffine(fx, y);
            Assert.Equal(G2.IsInSubgroup(point), G2Subgroup.Contains(point));
            Assert.False(G2Subgroup.Contains(point));
            found++;
        }
    }
}
