using System.Numerics;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>
/// Multi-scalar multiplication Σ kᵢ·Pᵢ by Pippenger's bucket method: the scalars are cut into c-bit
/// windows; in each window every point goes into the bucket of its digit, and the buckets are summed
/// with a running sum, so a window costs about n + 2^c additions instead of n scalar multiplications.
/// </summary>
public static class Msm
{
    public static JacobianPoint<T> Compute<T>(ReadOnlySpan<JacobianPoint<T>> points, ReadOnlySpan<Fr> scalars) where T : struct, IFieldElement<T>
    {
        if (points.Length != scalars.Length) throw new ArgumentException($"{points.Length} points but {scalars.Length} scalars.");
        var n = points.Length;
        if (n == 0) return JacobianPoint<T>.Infinity;
        var window = n < 32 ? 3 : Math.Clamp(BitOperations.Log2((uint)n) - 2, 4, 16);
        var digits = new byte[n][];
        for (var i = 0; i < n; i++) digits[i] = scalars[i].ToBigInteger().ToByteArray(isUnsigned: true, isBigEndian: false);

        var buckets = new JacobianPoint<T>[(1 << window) - 1];
        var result = JacobianPoint<T>.Infinity;
        for (var start = (255 / window) * window; start >= 0; start -= window)
        {
            for (var d = 0; d < window; d++) result = result.Double();
            Array.Fill(buckets, JacobianPoint<T>.Infinity);
            for (var i = 0; i < n; i++)
            {
                var digit = Digit(digits[i], start, window);
                if (digit != 0) buckets[digit - 1] = buckets[digit - 1].Add(points[i]);
            }
            // Σ d·bucket[d] as a running sum from the top bucket down.
            var running = JacobianPoint<T>.Infinity;
            var windowSum = JacobianPoint<T>.Infinity;
            for (var b = buckets.Length - 1; b >= 0; b--)
            {
                running = running.Add(buckets[b]);
                windowSum = windowSum.Add(running);
            }
            result = result.Add(windowSum);
        }
        return result;
    }

    private static int Digit(byte[] littleEndian, int start, int width)
    {
        var value = 0;
        for (var bit = 0; bit < width; bit++)
        {
            var index = start + bit;
            var b = index >> 3;
            if (b < littleEndian.Length && ((littleEndian[b] >> (index & 7)) & 1) != 0) value |= 1 << bit;
        }
        return value;
    }
}
