using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>
/// The optimal ate pairing on BN254: a Miller loop over 6x + 2 (x = 4965661367192848881) with the
/// two Frobenius-twisted steps at the end, then the final exponentiation to the power (p¹² − 1)/r.
/// Lines are evaluated from affine twist coordinates, which makes them sparse in Fq12.
/// </summary>
public static class Pairing
{
    private static readonly BigInteger AteLoopCount = BigInteger.Parse("29793968203157093288");

    // The bits of 6x + 2 below the top one, most significant first.
    private static readonly bool[] AteLoopBits = Enumerable.Range(0, (int)AteLoopCount.GetBitLength() - 1).Reverse()
        .Select(bit => !(AteLoopCount >> bit).IsEven).ToArray();
    private static readonly BigInteger HardExponent = (BigInteger.Pow(Fq.Modulus, 4) - BigInteger.Pow(Fq.Modulus, 2) + 1) / Fr.Modulus;
    private static readonly Lazy<(Fq2 X, Fq2 Y)> TwistFrobenius = new(() =>
        (Fq2.Xi.Pow((Fq.Modulus - 1) / 3), Fq2.Xi.Pow((Fq.Modulus - 1) / 2)));

    /// <summary>e(P, Q).</summary>
    public static Fq12 Pair(JacobianPoint<Fq> p, JacobianPoint<Fq2> q) => FinalExponentiation(MillerLoop(p, q));

    /// <summary>Whether Π e(Pᵢ, Qᵢ) = 1: one shared final exponentiation, as the Groth16 check and alt_bn128 do.</summary>
    public static bool ProductIsOne(IEnumerable<(JacobianPoint<Fq> P, JacobianPoint<Fq2> Q)> pairs)
    {
        var f = Fq12.One;
        foreach (var (p, q) in pairs) f *= MillerLoop(p, q);
        return FinalExponentiation(f).IsOne;
    }

    public static Fq12 MillerLoop(JacobianPoint<Fq> p, JacobianPoint<Fq2> q)
    {
        if (p.ToAffine() is not var (xp, yp) || q.ToAffine() is not var (xq, yq)) return Fq12.One;
        var f = Fq12.One;
        var (xt, yt) = (xq, yq);
        foreach (var bit in AteLoopBits)
        {
            f = f.Square() * DoubleStep(ref xt, ref yt, xp, yp);
            if (bit) f *= AddStep(ref xt, ref yt, xq, yq, xp, yp);
        }
        var (gx, gy) = TwistFrobenius.Value;
        var (x1, y1) = (xq.Conjugate() * gx, yq.Conjugate() * gy);      // π(Q)
        var (x2, y2) = (x1.Conjugate() * gx, -(y1.Conjugate() * gy));  // −π²(Q)
        f *= AddStep(ref xt, ref yt, x1, y1, xp, yp);
        f *= AddStep(ref xt, ref yt, x2, y2, xp, yp);
        return f;
    }

    public static Fq12 FinalExponentiation(Fq12 f)
    {
        var easy = f.Conjugate() * f.Inverse();         // f^(p⁶ − 1)
        easy = easy.Frobenius().Frobenius() * easy;    // ^(p² + 1)
        return easy.Pow(HardExponent);                 // ^((p⁴ − p² + 1)/r)
    }

    // T ← 2T; returns the tangent line at T evaluated at P.
    private static Fq12 DoubleStep(ref Fq2 xt, ref Fq2 yt, Fq xp, Fq yp)
    {
        var xSquared = xt.Square();
        var slope = (xSquared + xSquared + xSquared) * (yt + yt).Inverse();
        var line = Line(slope, xt, yt, xp, yp);
        var x3 = slope.Square() - xt - xt;
        yt = slope * (xt - x3) - yt;
        xt = x3;
        return line;
    }

    // T ← T + Q; returns the line through T and Q evaluated at P.
    private static Fq12 AddStep(ref Fq2 xt, ref Fq2 yt, Fq2 xq, Fq2 yq, Fq xp, Fq yp)
    {
        var slope = (yq - yt) * (xq - xt).Inverse();
        var line = Line(slope, xt, yt, xp, yp);
        var x3 = slope.Square() - xt - xq;
        yt = slope * (xt - x3) - yt;
        xt = x3;
        return line;
    }

    // With T untwisted to (xT·w², yT·w³) the line Y − yT − λw(X − xT) at P = (xP, yP) is
    // yP − λ·xP·w + (λ·xT − yT)·w³: only three of the six Fq2 coefficients are non-zero.
    private static Fq12 Line(Fq2 slope, Fq2 xt, Fq2 yt, Fq xp, Fq yp) => new(
        new Fq6(new Fq2(yp, Fq.Zero), Fq2.Zero, Fq2.Zero),
        new Fq6(-(slope * xp), slope * xt - yt, Fq2.Zero));
}
