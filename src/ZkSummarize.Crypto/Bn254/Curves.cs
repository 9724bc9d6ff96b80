using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>G1: y² = x³ + 3 over Fq, prime order r (cofactor 1). Encoded as Solana's alt_bn128 does: x‖y, 32 bytes each, big-endian; all zeros is infinity.</summary>
public static class G1
{
    public static readonly Fq B = Fq.FromBigInteger(3);

    public static JacobianPoint<Fq> Generator { get; } = JacobianPoint<Fq>.FromAffine(Fq.One, Fq.FromBigInteger(2));

    public static JacobianPoint<Fq> FromAffine(BigInteger x, BigInteger y) => JacobianPoint<Fq>.FromAffine(Fq.FromBigInteger(x), Fq.FromBigInteger(y));

    /// <exception cref="FormatException">Not 64 bytes, a coordinate not below p, or not on the curve.</exception>
    public static JacobianPoint<Fq> Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 64) throw new FormatException($"A G1 point is 64 bytes (x‖y), not {bytes.Length}.");
        if (!bytes.ContainsAnyExcept((byte)0)) return JacobianPoint<Fq>.Infinity;
        if (!Fq.TryFromBytesBigEndian(bytes[..32], out var x) || !Fq.TryFromBytesBigEndian(bytes[32..], out var y))
        {
            throw new FormatException("A G1 coordinate is not below the field modulus p.");
        }
        var point = JacobianPoint<Fq>.FromAffine(x, y);
        return point.IsOnCurve(B) ? point : throw new FormatException("The G1 point is not on the curve y² = x³ + 3.");
    }

    public static byte[] Encode(JacobianPoint<Fq> point)
    {
        if (point.ToAffine() is not var (x, y)) return new byte[64];
        return [.. x.ToBytesBigEndian(), .. y.ToBytesBigEndian()];
    }
}

/// <summary>
/// G2: the order-r subgroup of the sextic twist y² = x³ + 3/ξ over Fq2. Encoded as Solana's alt_bn128
/// does (and EIP-197): x.imaginary‖x.real‖y.imaginary‖y.real, 32 bytes each, big-endian.
/// </summary>
public static class G2
{
    public static readonly Fq2 B = new Fq2(Fq.FromBigInteger(3), Fq.Zero) * Fq2.Xi.Inverse();

    public static JacobianPoint<Fq2> Generator { get; } = JacobianPoint<Fq2>.FromAffine(
        Fq2.FromBigIntegers(
            BigInteger.Parse("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
            BigInteger.Parse("11559732032986387107991004021392285783925812861821192530917403151452391805634")),
        Fq2.FromBigIntegers(
            BigInteger.Parse("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
            BigInteger.Parse("4082367875863433681332203403145435568316851327593401208105741076214120093531")));

    /// <summary>Whether the point is in the order-r subgroup (the twist has other points too).</summary>
    public static bool IsInSubgroup(JacobianPoint<Fq2> point) => point.IsOnCurve(B) && point.Multiply(Fr.Modulus).IsInfinity;

    /// <exception cref="FormatException">Not 128 bytes, a coordinate not below p, not on the twist, or not in the subgroup.</exception>
    public static JacobianPoint<Fq2> Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 128) throw new FormatException($"A G2 point is 128 bytes, not {bytes.Length}.");
        if (!bytes.ContainsAnyExcept((byte)0)) return JacobianPoint<Fq2>.Infinity;
        Span<Fq> c = stackalloc Fq[4];
        for (var i = 0; i < 4; i++)
        {
            if (!Fq.TryFromBytesBigEndian(bytes.Slice(32 * i, 32), out c[i])) throw new FormatException("A G2 coordinate is not below the field modulus p.");
        }
        var point = JacobianPoint<Fq2>.FromAffine(new Fq2(c[1], c[0]), new Fq2(c[3], c[2]));
        if (!point.IsOnCurve(B)) throw new FormatException("The G2 point is not on the twist curve.");
        return IsInSubgroup(point) ? point : throw new FormatException("The G2 point is not in the order-r subgroup.");
    }

    public static byte[] Encode(JacobianPoint<Fq2> point)
    {
        if (point.ToAffine() is not var (x, y)) return new byte[128];
        return [.. x.B.ToBytesBigEndian(), .. x.A.ToBytesBigEndian(), .. y.B.ToBytesBigEndian(), .. y.A.ToBytesBigEndian()];
    }
}
