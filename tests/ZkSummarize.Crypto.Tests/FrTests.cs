using System.Numerics;
using FsCheck;
using FsCheck.Xunit;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Tests;

/// <summary>Montgomery arithmetic in Fr against System.Numerics.BigInteger, an independent implementation.</summary>
public sealed class FrTests
{
    private static readonly BigInteger R = Fr.Modulus;

    public static Arbitrary<BigInteger> Elements() => FieldElements.Below(R);

    [Property(MaxTest = 1000, Arbitrary = [typeof(FrTests)])]
    public bool Multiplication_matches_big_integers(BigInteger a, BigInteger b) =>
        (Fr.FromBigInteger(a) * Fr.FromBigInteger(b)).ToBigInteger() == a * b % R;

    [Property(MaxTest = 1000, Arbitrary = [typeof(FrTests)])]
    public bool Addition_and_subtraction_match_big_integers(BigInteger a, BigInteger b) =>
        (Fr.FromBigInteger(a) + Fr.FromBigInteger(b)).ToBigInteger() == (a + b) % R
        && (Fr.FromBigInteger(a) - Fr.FromBigInteger(b)).ToBigInteger() == ((a - b) % R + R) % R;

    [Property(MaxTest = 200, Arbitrary = [typeof(FrTests)])]
    public bool Inverse_times_value_is_one(BigInteger a) => a.IsZero || Fr.FromBigInteger(a) * Fr.FromBigInteger(a).Inverse() == Fr.One;

    [Fact]
    public void Edge_values_round_trip_and_wrap()
    {
        var max = Fr.FromBigInteger(R - 1);
        Assert.Equal(Fr.Zero, max + Fr.One);
        Assert.Equal(BigInteger.One, (max * max).ToBigInteger()); // (-1)² = 1
        Assert.Equal(R - 1, (-Fr.One).ToBigInteger());
        Assert.Equal(max, Fr.FromBytesBigEndian(max.ToBytesBigEndian()));
        Assert.Equal(Fr.FromUInt64(ulong.MaxValue).ToBigInteger(), new BigInteger(ulong.MaxValue));
    }

    [Fact]
    public void Bytes_at_or_above_the_modulus_are_rejected()
    {
        var modulus = new byte[32];
        R.TryWriteBytes(modulus, out _, isUnsigned: true, isBigEndian: true);
        Assert.False(Fr.TryFromBytesBigEndian(modulus, out _));
        Assert.False(Fr.TryFromBytesBigEndian(new byte[31], out _));
        Assert.Throws<ArgumentException>(() => Fr.FromBytesBigEndian(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Throws<DivideByZeroException>(() => Fr.Zero.Inverse());
    }
}
