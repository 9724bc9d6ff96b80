namespace ZkSummarize.Crypto.Bn254;

/// <summary>Montgomery's trick: the inverses of n elements for one inversion and 3(n − 1) multiplications.</summary>
public static class BatchInversion
{
    /// <summary>Replaces every non-zero element by its inverse; zeros stay zero.</summary>
    public static void InvertInPlace<T>(Span<T> values) where T : struct, IFieldElement<T> => InvertInPlace<T>(values, new T[values.Length]);

    /// <summary>The same, with <paramref name="prefix"/> (at least as long as the values) as working space.</summary>
    public static void InvertInPlace<T>(Span<T> values, Span<T> prefix) where T : struct, IFieldElement<T>
    {
        var running = T.One;
        for (var i = 0; i < values.Length; i++)
        {
            prefix[i] = running;
            if (!values[i].IsZero) running *= values[i];
        }
        if (running.IsZero) return;
        var inverse = running.Inverse();
        for (var i = values.Length - 1; i >= 0; i--)
        {
            if (values[i].IsZero) continue;
            var value = values[i];
            values[i] = inverse * prefix[i];
            inverse *= value;
        }
    }
}
