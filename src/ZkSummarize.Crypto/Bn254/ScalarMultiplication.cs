using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>
/// k·P for a variable point P by width-5 NAF: about 254 doublings and 43 additions from a table of
/// P, 3P, …, 15P, against 127 additions for plain double-and-add; on G1 with the GLV split, half the doublings. Not constant-time: the ceremony uses
/// it on secrets only while they exist in memory for one contribution, the way snarkjs does; points
/// and scalars that are public (verification, the setup's coefficients) are the common case.
/// </summary>
public static class ScalarMultiplication
{
    private const int Width = 5;

    public static JacobianPoint<T> Multiply<T>(JacobianPoint<T> point, Fr scalar) where T : struct, IFieldElement<T> =>
        Multiply(point, Prepare(scalar));

    /// <summary>A scalar recoded once for many points: its NAF, and for G1 the NAFs of its GLV halves.</summary>
    internal sealed record PreparedScalar(sbyte[] Naf, sbyte[] Half1, sbyte[] Half2);

    internal static PreparedScalar Prepare(Fr scalar)
    {
        var (k1, k2) = Glv.Split(scalar.ToBigInteger());
        return new PreparedScalar(Naf(scalar), SignedNaf(k1), SignedNaf(k2));
    }

    /// <summary>k·P: on G1 as k₁·P + k₂·φ(P) (<see cref="Glv"/>), half the doublings; on G2 by the plain NAF.</summary>
    internal static JacobianPoint<T> Multiply<T>(JacobianPoint<T> point, PreparedScalar scalar) where T : struct, IFieldElement<T>
    {
        if (typeof(T) != typeof(Fq)) return Multiply(point, scalar.Naf);
        var p = System.Runtime.CompilerServices.Unsafe.As<JacobianPoint<T>, JacobianPoint<Fq>>(ref point);
        var result = MultiplyTwo(p, scalar.Half1, Glv.Endomorphism(p), scalar.Half2);
        return System.Runtime.CompilerServices.Unsafe.As<JacobianPoint<Fq>, JacobianPoint<T>>(ref result);
    }

    // k₁·P + k₂·Q with one shared run of doublings (Shamir's trick) over both NAFs.
    private static JacobianPoint<Fq> MultiplyTwo(JacobianPoint<Fq> p, sbyte[] nafP, JacobianPoint<Fq> q, sbyte[] nafQ)
    {
        if (p.IsInfinity) return p;
        var tableP = OddMultiples(p, nafP);
        var tableQ = OddMultiples(q, nafQ);
        var result = JacobianPoint<Fq>.Infinity;
        for (var i = Math.Max(nafP.Length, nafQ.Length) - 1; i >= 0; i--)
        {
            result = result.Double();
            if (i < nafP.Length) result = AddDigit(result, tableP, nafP[i]);
            if (i < nafQ.Length) result = AddDigit(result, tableQ, nafQ[i]);
        }
        return result;
    }

    private static JacobianPoint<T> AddDigit<T>(JacobianPoint<T> result, JacobianPoint<T>[] table, int digit) where T : struct, IFieldElement<T> =>
        digit > 0 ? result.Add(table[digit >> 1]) : digit < 0 ? result.Add(table[-digit >> 1].Negate()) : result;

    // P, 3P, … up to the largest digit the NAF uses.
    private static JacobianPoint<T>[] OddMultiples<T>(JacobianPoint<T> point, ReadOnlySpan<sbyte> naf) where T : struct, IFieldElement<T>
    {
        var largest = 1;
        foreach (var digit in naf) largest = Math.Max(largest, Math.Abs((int)digit));
        var table = new JacobianPoint<T>[(largest + 1) / 2];
        table[0] = point;
        var twice = table.Length > 1 ? point.Double() : point;
        for (var i = 1; i < table.Length; i++) table[i] = table[i - 1].Add(twice);
        return table;
    }

    // The NAF of |k| with every digit negated when k is negative.
    private static sbyte[] SignedNaf(BigInteger k)
    {
        var naf = Naf(Fr.FromBigInteger(BigInteger.Abs(k)));
        if (k.Sign < 0)
        {
            for (var i = 0; i < naf.Length; i++) naf[i] = (sbyte)-naf[i];
        }
        return naf;
    }

    /// <summary>The signed digits of k, least significant first: each zero or odd in (−16, 16), non-zero digits at least five apart.</summary>
    internal static sbyte[] Naf(Fr scalar)
    {
        var limbs = scalar.ToCanonicalLimbs();
        Span<ulong> k = [limbs.L0, limbs.L1, limbs.L2, limbs.L3, 0];
        var digits = new sbyte[257];
        var length = 0;
        while ((k[0] | k[1] | k[2] | k[3] | k[4]) != 0)
        {
            var digit = 0;
            if ((k[0] & 1) != 0)
            {
                digit = (int)(k[0] & ((1 << Width) - 1));
                if (digit >= 1 << (Width - 1)) digit -= 1 << Width;
                AddSmall(k, -digit);
            }
            digits[length++] = (sbyte)digit;
            for (var i = 0; i < 4; i++) k[i] = (k[i] >> 1) | (k[i + 1] << 63);
            k[4] >>= 1;
        }
        return digits[..length];
    }

    /// <summary>k·P from k's digits (<see cref="Naf"/>), so a scalar used for many points is recoded once.</summary>
    internal static JacobianPoint<T> Multiply<T>(JacobianPoint<T> point, ReadOnlySpan<sbyte> naf) where T : struct, IFieldElement<T>
    {
        if (naf.Length == 0 || point.IsInfinity) return JacobianPoint<T>.Infinity;
        var table = OddMultiples(point, naf); // only the odd multiples used: small scalars (most circuit coefficients) need few
        var result = JacobianPoint<T>.Infinity;
        for (var i = naf.Length - 1; i >= 0; i--) result = AddDigit(result.Double(), table, naf[i]);
        return result;
    }

    // k += value for |value| < 2^63, over five words (the fifth takes the carry).
    private static void AddSmall(Span<ulong> k, long value)
    {
        if (value >= 0)
        {
            var carry = (ulong)value;
            for (var i = 0; i < 5 && carry != 0; i++)
            {
                var sum = k[i] + carry;
                carry = sum < carry ? 1UL : 0UL;
                k[i] = sum;
            }
        }
        else
        {
            var borrow = (ulong)(-value);
            for (var i = 0; i < 5 && borrow != 0; i++)
            {
                var before = k[i];
                k[i] = before - borrow;
                borrow = before < borrow ? 1UL : 0UL;
            }
        }
    }
}
