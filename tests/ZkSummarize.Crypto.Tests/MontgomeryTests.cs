using System.Numerics;
using FsCheck;
using FsCheck.Xunit;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Tests;

/// <summary>
/// The compile-time constants of both moduli, and base-field (Fq) arithmetic against BigInteger
/// (FrTests does the same for Fr).
/// </summary>
public sealed class MontgomeryTests
{
    private static readonly BigInteger P = Fq.Modulus;

    public static Arbitrary<BigInteger> Elements() => FieldElements.Below(P);

    [Fact]
    public void Constants_are_the_modulus_limbs_and_its_negated_inverse()
    {
        Check<BaseModulus>("21888242871839275222246405745257275088696311157297823662689037894645226208583");
        Check<ScalarModulus>("21888242871839275222246405745257275088548364400416034343698204186575808495617");

        static void Check<T>(string modulus) where T : struct, IModulus
        {
            var value = BigInteger.Parse(modulus);
            Assert.Equal(value, T.Value);
            Assert.Equal(value, new Limbs(T.N0, T.N1, T.N2, T.N3).ToBigInteger());
            Assert.Equal(ulong.MaxValue, T.N0 * T.NPrime); // n·(−n⁻¹) ≡ −1 mod 2^64
            Assert.True(T.N3 < (1UL << 63) - 1, "the multiplication without a fifth carry word needs the top limb below 2^63 − 1");
        }
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(MontgomeryTests)])]
    public bool Base_field_arithmetic_matches_big_integers(BigInteger a, BigInteger b) =>
        (Fq.FromBigInteger(a) * Fq.FromBigInteger(b)).ToBigInteger() == a * b % P
        && (Fq.FromBigInteger(a) + Fq.FromBigInteger(b)).ToBigInteger() == (a + b) % P
        && (Fq.FromBigInteger(a) - Fq.FromBigInteger(b)).ToBigInteger() == ((a - b) % P + P) % P;

    [Fact]
    public void Base_field_edge_values_wrap()
    {
        var max = Fq.FromBigInteger(P - 1);
        Assert.Equal(Fq.Zero, max + Fq.One);
        Assert.Equal(BigInteger.One, (max * max).ToBigInteger());
        Assert.Equal(P - 1, (-Fq.One).ToBigInteger());
        Assert.Equal(P - 2, (max + max).ToBigInteger());
    }
}
