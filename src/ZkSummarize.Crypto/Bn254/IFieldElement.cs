using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>What curve arithmetic needs from a field, so G1 (over Fq) and G2 (over Fq2) share one implementation.</summary>
public interface IFieldElement<T> :
    IAdditionOperators<T, T, T>, ISubtractionOperators<T, T, T>, IMultiplyOperators<T, T, T>,
    IUnaryNegationOperators<T, T>, IEqualityOperators<T, T, bool>
    where T : IFieldElement<T>
{
    static abstract T Zero { get; }

    static abstract T One { get; }

    bool IsZero { get; }

    T Square();

    T Inverse();
}
