using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>
/// A point of a short Weierstrass curve y² = x³ + b (a = 0) over <typeparamref name="T"/>, in Jacobian
/// coordinates (x = X/Z², y = Y/Z³; Z = 0 is the point at infinity). G1 uses Fq, G2 uses Fq2.
/// Formulas: dbl-2009-l and add-2007-bl from the Explicit-Formulas Database.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Infinity and FromAffine belong to the point type, as in System.Numerics.")]
public readonly record struct JacobianPoint<T>(T X, T Y, T Z) where T : struct, IFieldElement<T>
{
    public static JacobianPoint<T> Infinity => new(T.One, T.One, T.Zero);

    public static JacobianPoint<T> FromAffine(T x, T y) => new(x, y, T.One);

    public bool IsInfinity => Z.IsZero;

    /// <summary>The affine coordinates, or null for the point at infinity.</summary>
    public (T X, T Y)? ToAffine()
    {
        if (IsInfinity) return null;
        if (Z == T.One) return (X, Y); // already affine (points read from keys, or normalised)
        var zInverse = Z.Inverse();
        var zInverse2 = zInverse.Square();
        return (X * zInverse2, Y * zInverse2 * zInverse);
    }

    public bool IsOnCurve(T b)
    {
        if (IsInfinity) return true;
        var z2 = Z.Square();
        var z6 = z2.Square() * z2;
        return Y.Square() == X.Square() * X + b * z6;
    }

    public JacobianPoint<T> Negate() => this with { Y = -Y };

    public JacobianPoint<T> Double()
    {
        if (IsInfinity || Y.IsZero) return Infinity;
        var a = X.Square();
        var b = Y.Square();
        var c = b.Square();
        var d = Twice((X + b).Square() - a - c);
        var e = a + a + a;
        var x3 = e.Square() - Twice(d);
        var y3 = e * (d - x3) - Twice(Twice(Twice(c)));
        return new(x3, y3, Twice(Y * Z));
    }

    public JacobianPoint<T> Add(JacobianPoint<T> other)
    {
        if (IsInfinity) return other;
        if (other.IsInfinity) return this;
        var z1z1 = Z.Square();
        var z2z2 = other.Z.Square();
        var u1 = X * z2z2;
        var u2 = other.X * z1z1;
        var s1 = Y * other.Z * z2z2;
        var s2 = other.Y * Z * z1z1;
        var h = u2 - u1;
        var r = Twice(s2 - s1);
        if (h.IsZero) return r.IsZero ? Double() : Infinity;
        var i = Twice(h).Square();
        var j = h * i;
        var v = u1 * i;
        var x3 = r.Square() - j - Twice(v);
        var y3 = r * (v - x3) - Twice(s1 * j);
        var z3 = ((Z + other.Z).Square() - z1z1 - z2z2) * h;
        return new(x3, y3, z3);
    }

    /// <summary>
    /// P + (x, y) for an affine (x, y) (madd-2007-bl): cheaper than a general addition, which is what
    /// multi-scalar multiplication does most.
    /// </summary>
    public JacobianPoint<T> AddAffine(T x, T y)
    {
        if (IsInfinity) return FromAffine(x, y);
        var z1z1 = Z.Square();
        var h = x * z1z1 - X;
        var r = Twice(y * Z * z1z1 - Y);
        if (h.IsZero) return r.IsZero ? Double() : Infinity;
        var hh = h.Square();
        var i = Twice(Twice(hh));
        var j = h * i;
        var v = X * i;
        var x3 = r.Square() - j - Twice(v);
        var y3 = r * (v - x3) - Twice(Y * j);
        return new(x3, y3, (Z + h).Square() - z1z1 - hh);
    }

    /// <summary>k·P by double-and-add. Not constant-time: use it on public values.</summary>
    public JacobianPoint<T> Multiply(BigInteger k)
    {
        if (k.Sign < 0) return Negate().Multiply(-k);
        var result = Infinity;
        foreach (var b in k.ToByteArray(isUnsigned: true, isBigEndian: true))
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                result = result.Double();
                if (((b >> bit) & 1) != 0) result = result.Add(this);
            }
        }
        return result;
    }

    /// <summary>Equality of the points, whatever their Z.</summary>
    public bool SamePointAs(JacobianPoint<T> other)
    {
        if (IsInfinity || other.IsInfinity) return IsInfinity && other.IsInfinity;
        var z1z1 = Z.Square();
        var z2z2 = other.Z.Square();
        return X * z2z2 == other.X * z1z1 && Y * z2z2 * other.Z == other.Y * z1z1 * Z;
    }

    private static T Twice(T value) => value + value;
}
