using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>Fq6 = Fq2[v]/(v³ − ξ), ξ = 9 + u: <c>C0 + C1·v + C2·v²</c>.</summary>
public readonly record struct Fq6(Fq2 C0, Fq2 C1, Fq2 C2)
{
    public static Fq6 Zero => default;

    public static Fq6 One => new(Fq2.One, Fq2.Zero, Fq2.Zero);

    public bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;

    public static Fq6 operator +(Fq6 x, Fq6 y) => new(x.C0 + y.C0, x.C1 + y.C1, x.C2 + y.C2);

    public static Fq6 operator -(Fq6 x, Fq6 y) => new(x.C0 - y.C0, x.C1 - y.C1, x.C2 - y.C2);

    public static Fq6 operator -(Fq6 x) => new(-x.C0, -x.C1, -x.C2);

    public static Fq6 operator *(Fq6 x, Fq6 y)
    {
        var a0b0 = x.C0 * y.C0;
        var a1b1 = x.C1 * y.C1;
        var a2b2 = x.C2 * y.C2;
        return new(
            ((x.C1 + x.C2) * (y.C1 + y.C2) - a1b1 - a2b2).MulByXi() + a0b0,
            (x.C0 + x.C1) * (y.C0 + y.C1) - a0b0 - a1b1 + a2b2.MulByXi(),
            (x.C0 + x.C2) * (y.C0 + y.C2) - a0b0 - a2b2 + a1b1);
    }

    /// <summary>Multiplication by v: (c0 + c1 v + c2 v²) v = ξ c2 + c0 v + c1 v².</summary>
    public Fq6 MulByV() => new(C2.MulByXi(), C0, C1);

    public Fq6 Inverse()
    {
        var t0 = C0.Square() - (C1 * C2).MulByXi();
        var t1 = C2.Square().MulByXi() - C0 * C1;
        var t2 = C1.Square() - C0 * C2;
        var norm = (C0 * t0 + (C2 * t1).MulByXi() + (C1 * t2).MulByXi()).Inverse();
        return new(t0 * norm, t1 * norm, t2 * norm);
    }
}

/// <summary>
/// Fq12 = Fq6[w]/(w² − v), where the pairing's values live: <c>G + H·w</c>. In the basis w⁰..w⁵
/// (w⁶ = ξ) the coefficients are G.C0, H.C0, G.C1, H.C1, G.C2, H.C2.
/// </summary>
public readonly record struct Fq12(Fq6 G, Fq6 H) : IMultiplicative<Fq12>
{
    public static Fq12 One => new(Fq6.One, Fq6.Zero);

    public bool IsOne => this == One;

    public static Fq12 operator *(Fq12 x, Fq12 y)
    {
        var gg = x.G * y.G;
        var hh = x.H * y.H;
        return new(gg + hh.MulByV(), (x.G + x.H) * (y.G + y.H) - gg - hh);
    }

    public Fq12 Square() => this * this;

    /// <summary>x ↦ x^(p⁶), which is conjugation over Fq6; on the unitary elements after the easy part it is the inverse.</summary>
    public Fq12 Conjugate() => new(G, -H);

    public Fq12 Inverse()
    {
        var norm = (G * G - (H * H).MulByV()).Inverse();
        return new(G * norm, -(H * norm));
    }

    /// <summary>The Frobenius map x ↦ x^p: conjugate each coefficient of w^k and multiply by ξ^(k(p−1)/6).</summary>
    public Fq12 Frobenius()
    {
        var g = FrobeniusCoefficients.Value;
        return new(
            new Fq6(G.C0.Conjugate(), G.C1.Conjugate() * g[2], G.C2.Conjugate() * g[4]),
            new Fq6(H.C0.Conjugate() * g[1], H.C1.Conjugate() * g[3], H.C2.Conjugate() * g[5]));
    }

    public Fq12 Pow(BigInteger exponent) => Exponentiation.Pow(this, exponent);

    private static readonly Lazy<Fq2[]> FrobeniusCoefficients = new(() =>
        Enumerable.Range(0, 6).Select(k => Fq2.Xi.Pow(k * (Fq.Modulus - 1) / 6)).ToArray());
}
