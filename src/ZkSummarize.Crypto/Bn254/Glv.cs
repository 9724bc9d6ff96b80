using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>
/// The GLV method on G1 (Gallant, Lambert and Vanstone, 2001): φ(x, y) = (β·x, y), with β a cube root of
/// unity in Fq, is multiplication by λ, a cube root of unity in Fr. Writing k = k₁ + k₂·λ with k₁, k₂
/// about 127 bits (a short lattice basis from the extended Euclidean algorithm on r and λ), k·P =
/// k₁·P + k₂·φ(P) needs half the doublings.
/// </summary>
internal static class Glv
{
    public static readonly Fq Beta;
    public static readonly BigInteger Lambda;
    private static readonly (BigInteger A, BigInteger B) V1, V2;

    static Glv()
    {
        var r = Fr.Modulus;
        var (lambda, beta) = (CubeRoot(r), CubeRoot(Fq.Modulus));
        var g = G1.Generator;
        var image = JacobianPoint<Fq>.FromAffine(Fq.FromBigInteger(beta) * g.X, g.Y);
        if (!g.Multiply(lambda).SamePointAs(image)) lambda = lambda * lambda % r; // the other root goes with this β
        Lambda = lambda;
        Beta = Fq.FromBigInteger(beta);
        (V1, V2) = ShortBasis(r, lambda);
    }

    /// <summary>k = k₁ + k₂·λ (mod r) with |k₁|, |k₂| about √r.</summary>
    public static (BigInteger K1, BigInteger K2) Split(BigInteger k)
    {
        var r = Fr.Modulus;
        var c1 = RoundedDivide(V2.B * k, r);
        var c2 = RoundedDivide(-V1.B * k, r);
        return (k - c1 * V1.A - c2 * V2.A, -c1 * V1.B - c2 * V2.B);
    }

    public static JacobianPoint<Fq> Endomorphism(JacobianPoint<Fq> p) => p with { X = p.X * Beta };

    // A primitive cube root of unity mod the prime: g^((p − 1)/3) for the first g that gives one ≠ 1.
    private static BigInteger CubeRoot(BigInteger prime)
    {
        for (BigInteger g = 2; ; g++)
        {
            var root = BigInteger.ModPow(g, (prime - 1) / 3, prime);
            if (!root.IsOne) return root;
        }
    }

    // Extended Euclid on (r, λ) until the remainder drops below √r: two short vectors (a, b) with a + b·λ ≡ 0.
    private static ((BigInteger, BigInteger), (BigInteger, BigInteger)) ShortBasis(BigInteger r, BigInteger lambda)
    {
        var bound = Sqrt(r);
        BigInteger r0 = r, r1 = lambda, t0 = 0, t1 = 1;
        while (r1 >= bound)
        {
            var q = r0 / r1;
            (r0, r1) = (r1, r0 - q * r1);
            (t0, t1) = (t1, t0 - q * t1);
        }
        // now r0 ≥ √r > r1: v1 = (r1, −t1); v2 the shorter of (r0, −t0) and the next remainder's vector
        var v1 = (r1, -t1);
        var q2 = r0 / r1;
        var (r2, t2) = (r0 - q2 * r1, t0 - q2 * t1);
        var v2 = r0 * r0 + t0 * t0 <= r2 * r2 + t2 * t2 ? (r0, -t0) : (r2, -t2);
        return (v1, v2);
    }

    private static BigInteger RoundedDivide(BigInteger numerator, BigInteger denominator)
    {
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (2 * BigInteger.Abs(remainder) >= denominator) quotient += remainder.Sign;
        return quotient;
    }

    // ⌊√n⌋ by Newton's iteration from above.
    private static BigInteger Sqrt(BigInteger n)
    {
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var next = (x + n / x) / 2;
            if (next >= x) return x;
            x = next;
        }
    }
}
