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
    private static readonly BigInteger X = BigInteger.Parse("4965661367192848881"); // the BN parameter of BN254
    private static readonly Lazy<(Fq2 X, Fq2 Y)> TwistFrobenius = new(() =>
        (Fq2.Xi.Pow((Fq.Modulus - 1) / 3), Fq2.Xi.Pow((Fq.Modulus - 1) / 2)));

    /// <summary>e(P, Q).</summary>
    public static Fq12 Pair(JacobianPoint<Fq> p, JacobianPoint<Fq2> q) => FinalExponentiation(MillerLoop(p, q));

    /// <summary>Whether Π e(Pᵢ, Qᵢ) = 1: one shared final exponentiation, as the Groth16 check and alt_bn128 do.</summary>
    public static bool ProductIsOne(IReadOnlyList<(JacobianPoint<Fq> P, JacobianPoint<Fq2> Q)> pairs) =>
        FinalExponentiation(MillerLoop(pairs)).IsOne;

    public static Fq12 MillerLoop(JacobianPoint<Fq> p, JacobianPoint<Fq2> q) => MillerLoop([(p, q)]);

    /// <summary>
    /// Π fᵢ for several pairs in one loop: the accumulator is squared once per step for all pairs, and
    /// the slopes' denominators of all pairs are inverted together (Montgomery's trick).
    /// </summary>
    public static Fq12 MillerLoop(IReadOnlyList<(JacobianPoint<Fq> P, JacobianPoint<Fq2> Q)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var affine = pairs.Select(pair => (P: pair.P.ToAffine(), Q: pair.Q.ToAffine())).Where(a => a.P is not null && a.Q is not null)
            .Select(a => (Xp: a.P!.Value.X, Yp: a.P!.Value.Y, Xq: a.Q!.Value.X, Yq: a.Q!.Value.Y)).ToArray();
        var n = affine.Length;
        var xt = affine.Select(a => a.Xq).ToArray();
        var yt = affine.Select(a => a.Yq).ToArray();
        var denominators = new Fq2[n];
        var f = Fq12.One;
        foreach (var bit in AteLoopBits)
        {
            f = f.Square();
            for (var i = 0; i < n; i++) denominators[i] = yt[i] + yt[i];
            BatchInversion.InvertInPlace<Fq2>(denominators);
            for (var i = 0; i < n; i++)
            {
                var xSquared = xt[i].Square();
                f *= Step((xSquared + xSquared + xSquared) * denominators[i], ref xt[i], ref yt[i], xt[i], affine[i].Xp, affine[i].Yp);
            }
            if (bit) f = AddAll(f, affine.Select(a => (a.Xq, a.Yq)).ToArray());
        }
        var (gx, gy) = TwistFrobenius.Value;
        var q1 = affine.Select(a => (X: a.Xq.Conjugate() * gx, Y: a.Yq.Conjugate() * gy)).ToArray();   // π(Q)
        var q2 = q1.Select(q => (q.X.Conjugate() * gx, -(q.Y.Conjugate() * gy))).ToArray();           // −π²(Q)
        f = AddAll(f, q1);
        return AddAll(f, q2);

        // T ← T + Q for every pair, multiplying in the lines through T and Q.
        Fq12 AddAll(Fq12 acc, (Fq2 X, Fq2 Y)[] q)
        {
            for (var i = 0; i < n; i++) denominators[i] = q[i].X - xt[i];
            BatchInversion.InvertInPlace<Fq2>(denominators);
            for (var i = 0; i < n; i++)
            {
                acc *= Step((q[i].Y - yt[i]) * denominators[i], ref xt[i], ref yt[i], q[i].X, affine[i].Xp, affine[i].Yp);
            }
            return acc;
        }
    }

    /// <summary>
    /// f^((p¹² − 1)/r). The easy part is f^((p⁶ − 1)(p² + 1)); the hard part, (p⁴ − p² + 1)/r, is written in
    /// base p with coefficients that are polynomials in x (Scott et al., "On the final exponentiation for
    /// calculating pairings on ordinary elliptic curves", 2009), so it costs three exponentiations by the
    /// 63-bit x and some Frobenius maps instead of one exponentiation by a 762-bit number.
    /// </summary>
    public static Fq12 FinalExponentiation(Fq12 f)
    {
        var t = f.Conjugate() * f.Inverse();            // f^(p⁶ − 1): now unitary, so conjugation inverts
        t = t.Frobenius().Frobenius() * t;              // ^(p² + 1)

        var fp = t.Frobenius();
        var fp2 = fp.Frobenius();
        var fp3 = fp2.Frobenius();
        var fu = t.Pow(X);
        var fu2 = fu.Pow(X);
        var fu3 = fu2.Pow(X);

        var y0 = fp * fp2 * fp3;
        var y1 = t.Conjugate();
        var y2 = fu2.Frobenius().Frobenius();
        var y3 = fu.Frobenius().Conjugate();
        var y4 = (fu * fu2.Frobenius()).Conjugate();
        var y5 = fu2.Conjugate();
        var y6 = (fu3 * fu3.Frobenius()).Conjugate();

        var t0 = y6.Square() * y4 * y5;
        var t1 = y3 * y5 * t0;
        t0 *= y2;
        t1 = (t1.Square() * t0).Square();
        t0 = t1 * y1;
        t1 *= y0;
        return t0.Square() * t1;
    }

    /// <summary>The reference definition, f^((p¹² − 1)/r) by plain square-and-multiply; for tests.</summary>
    internal static Fq12 FinalExponentiationByDefinition(Fq12 f) => f.Pow((BigInteger.Pow(Fq.Modulus, 12) - 1) / Fr.Modulus);

    // One doubling (xOther = xT) or addition (xOther = xQ) step with a known slope: T moves on, and the
    // line through the old T with that slope, evaluated at P, is returned.
    private static Fq12 Step(Fq2 slope, ref Fq2 xt, ref Fq2 yt, Fq2 xOther, Fq xp, Fq yp)
    {
        var line = Line(slope, xt, yt, xp, yp);
        var x3 = slope.Square() - xt - xOther;
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
