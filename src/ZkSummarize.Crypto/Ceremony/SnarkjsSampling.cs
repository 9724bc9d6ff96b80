using System.Numerics;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// Field elements and curve points drawn from a <see cref="ChaChaRng"/> exactly as ffjavascript draws
/// them, so that a beacon, a hash-to-G2 or a verifier's re-derivation gives the same values as snarkjs.
/// One quirk is kept on purpose: ffjavascript stores the drawn integer v as the element's Montgomery
/// form, so the element is v·2⁻²⁵⁶ (still uniform, and what snarkjs's transcripts commit to).
/// </summary>
internal static class SnarkjsSampling
{
    /// <summary>The twist's cofactor: ffjavascript multiplies a drawn twist point by it to land in G2.</summary>
    private static readonly BigInteger G2Cofactor = BigInteger.Parse("030644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d", System.Globalization.NumberStyles.HexNumber);

    public static Fr NextFr(ChaChaRng rng) => Fr.FromMontgomeryLimbs(NextBelow(rng, Montgomery<ScalarModulus>.Modulus));

    public static Fq NextFq(ChaChaRng rng) => Fq.FromMontgomeryLimbs(NextBelow(rng, Montgomery<BaseModulus>.Modulus));

    /// <summary>A point of G1: x drawn until x³ + 3 is a square, then the root whose sign the next bit picks.</summary>
    public static JacobianPoint<Fq> NextG1(ChaChaRng rng)
    {
        while (true)
        {
            var x = NextFq(rng);
            var larger = rng.NextBool();
            if ((x.Square() * x + G1.B).Sqrt() is not { } y) continue;
            if (larger != SnarkjsPoints.IsNegative(y)) y = -y;
            return JacobianPoint<Fq>.FromAffine(x, y);
        }
    }

    /// <summary>A point of G2: a twist point drawn as for G1 (x = c0 + c1·u), times the cofactor.</summary>
    public static JacobianPoint<Fq2> NextG2(ChaChaRng rng)
    {
        while (true)
        {
            var x = new Fq2(NextFq(rng), NextFq(rng));
            var larger = rng.NextBool();
            if ((x.Square() * x + G2.B).Sqrt() is not { } y) continue;
            if (larger != SnarkjsPoints.IsNegative(y)) y = -y;
            return JacobianPoint<Fq2>.FromAffine(x, y).Multiply(G2Cofactor);
        }
    }

    /// <summary>snarkjs's hash-to-G2: a G2 point from a ChaCha stream seeded by the hash's first 32 bytes.</summary>
    public static JacobianPoint<Fq2> HashToG2(ReadOnlySpan<byte> hash) => NextG2(ChaChaRng.FromHash(hash));

    // Four 64-bit words, low first, masked to the modulus's 254 bits; values at or above it are drawn again.
    private static Limbs NextBelow(ChaChaRng rng, Limbs modulus)
    {
        while (true)
        {
            var value = new Limbs(rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64() & ((1UL << 62) - 1));
            if (value.IsBelow(modulus)) return value;
        }
    }
}
