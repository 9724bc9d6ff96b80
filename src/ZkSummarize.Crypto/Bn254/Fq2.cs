using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>Fq2 = Fq[u]/(u² + 1): the field of G2's coordinates. <c>A + B·u</c>.</summary>
public readonly record struct Fq2(Fq A, Fq B) : IFieldElement<Fq2>
{
    public static Fq2 Zero => default;

    public static Fq2 One => new(Fq.One, Fq.Zero);

    /// <summary>ξ = 9 + u, the non-residue that builds Fq6 and the sextic twist.</summary>
    public static Fq2 Xi { get; } = new(Fq.FromBigInteger(9), Fq.One);

    public bool IsZero => A.IsZero && B.IsZero;

    public static Fq2 FromBigIntegers(BigInteger a, BigInteger b) => new(Fq.FromBigInteger(a), Fq.FromBigInteger(b));

    public static Fq2 operator +(Fq2 x, Fq2 y) => new(x.A + y.A, x.B + y.B);

    public static Fq2 operator -(Fq2 x, Fq2 y) => new(x.A - y.A, x.B - y.B);

    public static Fq2 operator -(Fq2 x) => new(-x.A, -x.B);

    public static Fq2 operator *(Fq2 x, Fq2 y)
    {
        // Karatsuba: three base-field multiplications instead of four.
        var aa = x.A * y.A;
        var bb = x.B * y.B;
        return new(aa - bb, (x.A + x.B) * (y.A + y.B) - aa - bb);
    }

    public static Fq2 operator *(Fq2 x, Fq k) => new(x.A * k, x.B * k);

    public Fq2 Square()
    {
        var ab = A * B;
        return new((A + B) * (A - B), ab + ab);
    }

    /// <summary>Multiplication by ξ = 9 + u: (a + bu)(9 + u) = (9a − b) + (a + 9b)u.</summary>
    public Fq2 MulByXi()
    {
        var nineA = Nine * A;
        var nineB = Nine * B;
        return new(nineA - B, A + nineB);
    }

    /// <summary>The Frobenius map x ↦ x^p, which on Fq2 is conjugation.</summary>
    public Fq2 Conjugate() => new(A, -B);

    /// <exception cref="DivideByZeroException">Zero has no inverse.</exception>
    public Fq2 Inverse()
    {
        var norm = (A.Square() + B.Square()).Inverse();
        return new(A * norm, -(B * norm));
    }

    /// <summary>A square root, or null when there is none (Adj and Rodríguez-Henríquez, Algorithm 9, for p ≡ 3 mod 4).</summary>
    public Fq2? Sqrt()
    {
        if (IsZero) return Zero;
        var a1 = Pow((Fq.Modulus - 3) / 4);
        var alpha = a1 * (a1 * this);
        var x0 = a1 * this;
        if (alpha.Conjugate() * alpha == -One) return null;
        var root = alpha == -One ? new Fq2(Fq.Zero, Fq.One) * x0 : (One + alpha).Pow((Fq.Modulus - 1) / 2) * x0;
        return root.Square() == this ? root : null;
    }

    public Fq2 Pow(BigInteger exponent) => Exponentiation.Pow(this, exponent);

    private static readonly Fq Nine = Fq.FromBigInteger(9);
}
