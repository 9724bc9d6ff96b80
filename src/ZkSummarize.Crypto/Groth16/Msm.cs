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
        // Affine bases make every bucket addition a mixed addition; infinity and zero terms drop out.
        var xs = new List<T>(points.Length);
        var ys = new List<T>(points.Length);
        var digits = new List<byte[]>(points.Length);
        for (var i = 0; i < points.Length; i++)
        {
            if (scalars[i].IsZero || points[i].ToAffine() is not var (x, y)) continue;
            xs.Add(x);
            ys.Add(y);
            digits.Add(scalars[i].ToBigInteger().ToByteArray(isUnsigned: true, isBigEndian: false));
        }
        var n = xs.Count;
        if (n == 0) return JacobianPoint<T>.Infinity;
        var window = n < 32 ? 3 : Math.Clamp(BitOperations.Log2((uint)n) - 2, 4, 16);
        var windows = 255 / window + 1;

        // The windows are independent, so they run in parallel; their sums are combined at the end.
        var sums = new JacobianPoint<T>[windows];
        Parallel.For(0, windows, w =>
        {
            var buckets = new JacobianPoint<T>[(1 << window) - 1];
            Array.Fill(buckets, JacobianPoint<T>.Infinity);
            for (var i = 0; i < n; i++)
            {
                var digit = Digit(digits[i], w * window, window);
                if (digit != 0) buckets[digit - 1] = buckets[digit - 1].AddAffine(xs[i], ys[i]);
            }
            // Σ d·bucket[d] as a running sum from the top bucket down.
            var running = JacobianPoint<T>.Infinity;
            var sum = JacobianPoint<T>.Infinity;
            for (var d = buckets.Length - 1; d >= 0; d--)
            {
                running = running.Add(buckets[d]);
                sum = sum.Add(running);
            }
            sums[w] = sum;
        });
        var result = JacobianPoint<T>.Infinity;
        for (var w = windows - 1; w >= 0; w--)
        {
            for (var d = 0; d < window; d++) result = result.Double();
            result = result.Add(sums[w]);
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
