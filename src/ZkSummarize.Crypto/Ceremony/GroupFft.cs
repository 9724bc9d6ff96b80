using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// The inverse FFT over curve points: out_j = (1/n) Σᵢ ω^(−ij)·Pᵢ with snarkjs's roots of unity. Applied to
/// τⁱ·G it gives the Lagrange basis at τ, Lⱼ(τ)·G, without anyone knowing τ. Radix-2 with the twiddles'
/// NAFs computed once; each stage's butterflies run in parallel.
/// </summary>
internal static class GroupFft
{
    /// <summary>The transform of <paramref name="points"/> (a power-of-two count), normalised to affine.</summary>
    public static JacobianPoint<T>[] Inverse<T>(ReadOnlySpan<JacobianPoint<T>> points, CancellationToken cancellationToken) where T : struct, IFieldElement<T>
    {
        var n = points.Length;
        var log2 = System.Numerics.BitOperations.Log2((uint)n);
        if (n == 0 || 1 << log2 != n) throw new ArgumentException($"An FFT needs a power-of-two number of points, not {n}.", nameof(points));
        var a = new JacobianPoint<T>[n];
        for (var i = 0; i < n; i++) a[Reverse(i, log2)] = points[i];

        // ω^(−j) for j < n/2, recoded once: stage h uses every (n/2h)-th.
        var inverseRoot = Ntt.RootOfUnity(log2).Inverse();
        var twiddles = new ScalarMultiplication.PreparedScalar[Math.Max(1, n / 2)];
        var power = Fr.One;
        for (var j = 0; j < twiddles.Length; j++)
        {
            twiddles[j] = ScalarMultiplication.Prepare(power);
            power *= inverseRoot;
        }
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        for (var half = 1; half < n; half <<= 1)
        {
            var stride = n / (2 * half);
            var h = half;
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, n / 2, Math.Max(1, Math.Min(1024, n / 16))), options, range =>
            {
                for (var b = range.Item1; b < range.Item2; b++)
                {
                    var k = b % h;
                    var top = (b / h) * 2 * h + k;
                    var v = k == 0 ? a[top + h] : ScalarMultiplication.Multiply(a[top + h], twiddles[k * stride]);
                    var u = a[top];
                    a[top] = u.Add(v);
                    a[top + h] = u.Add(v.Negate());
                }
            });
        }
        var scale = ScalarMultiplication.Prepare(Fr.FromUInt64((ulong)n).Inverse());
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, n, Math.Max(1, Math.Min(4096, n / 8))), options, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++) a[i] = ScalarMultiplication.Multiply(a[i], scale);
            AffineNormalization.Normalize(a.AsSpan(range.Item1, range.Item2 - range.Item1));
        });
        return a;
    }

    private static int Reverse(int index, int bits) => bits == 0 ? 0 : (int)(ReverseBits((uint)index) >> (32 - bits));

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555) | ((v & 0x55555555) << 1);
        v = ((v >> 2) & 0x33333333) | ((v & 0x33333333) << 2);
        v = ((v >> 4) & 0x0F0F0F0F) | ((v & 0x0F0F0F0F) << 4);
        v = ((v >> 8) & 0x00FF00FF) | ((v & 0x00FF00FF) << 8);
        return (v >> 16) | (v << 16);
    }
}
