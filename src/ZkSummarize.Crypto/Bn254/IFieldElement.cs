using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>What exponentiation needs: a product, a square and a one.</summary>
public interface IMultiplicative<T> : IMultiplyOperators<T, T, T> where T : IMultiplicative<T>
{
    static abstract T One { get; }

    T Square();
}

/// <summary>What curve arithmetic needs from a field, so G1 (over Fq) and G2 (over Fq2) share one implementation.</summary>
public interface IFieldElement<T> : IMultiplicative<T>,
    IAdditionOperators<T, T, T>, ISubtractionOperators<T, T, T>,
    IUnaryNegationOperators<T, T>, IEqualityOperators<T, T, bool>
    where T : IFieldElement<T>
{
    static abstract T Zero { get; }

    bool IsZero { get; }

    T Inverse();
}

/// <summary>Square-and-multiply over the exponent's bits, read once (not a BigInteger shift per bit).</summary>
internal static class Exponentiation
{
    public static T Pow<T>(T value, BigInteger exponent) where T : IMultiplicative<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent.Sign);
        var bytes = exponent.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = T.One;
        foreach (var b in bytes)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                result = result.Square();
                if (((b >> bit) & 1) != 0) result *= value;
            }
        }
        return result;
    }
}
