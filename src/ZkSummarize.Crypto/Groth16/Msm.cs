using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Native;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>
/// Multi-scalar multiplication Σ kᵢ·Pᵢ by Pippenger's bucket method: the scalars are cut into c-bit
/// windows; in each window every point goes into the bucket of its digit, and the buckets are summed
/// with a running sum. The digits are signed, in [−2^(c−1), 2^(c−1)), so a negative digit adds −P
/// (free in affine coordinates) and a window needs half the buckets. Buckets are kept in affine
/// coordinates and filled in batches that share one field inversion (Montgomery's trick), so an
/// addition costs about 6 multiplications instead of 11. The windows are independent and run in parallel,
/// each in C where the native library is there (<see cref="NativeKernels"/>), the same algorithm as here.
/// </summary>
public static class Msm
{
    private const int BatchSize = 1024;

    public static JacobianPoint<T> Compute<T>(ReadOnlySpan<JacobianPoint<T>> points, ReadOnlySpan<Fr> scalars) where T : struct, IFieldElement<T>
    {
        if (points.Length != scalars.Length) throw new ArgumentException($"{points.Length} points but {scalars.Length} scalars.");
        var terms = new MsmTerms<T>(points.Length);
        for (var i = 0; i < points.Length; i++)
        {
            if (!scalars[i].IsZero && points[i].ToAffine() is var (x, y)) terms.Add(x, y, scalars[i]);
        }
        return Compute(terms);
    }

    /// <summary>Σ kᵢ·Pᵢ over terms already gathered in affine coordinates (points read straight from a .zkey).</summary>
    internal static JacobianPoint<T> Compute<T>(MsmTerms<T> terms) where T : struct, IFieldElement<T> =>
        Compute(terms, NativeKernels.Supports<T>());

    /// <summary>The same, with the windows in C (<paramref name="native"/>) or in C#: the tests compare the two.</summary>
    internal static JacobianPoint<T> Compute<T>(MsmTerms<T> terms, bool native) where T : struct, IFieldElement<T>
    {
        var n = terms.Count;
        if (n == 0) return JacobianPoint<T>.Infinity;
        var window = WindowFor(n);
        var windows = WindowCount(window);
        var digits = ArrayPool<short>.Shared.Rent(n * windows);
        var sums = new JacobianPoint<T>[windows];
        try
        {
            SignedDigits(terms.Scalars.AsSpan(0, n), window, windows, digits);
            var bucketCount = 1 << (window - 1);
            var batchSize = Math.Clamp(bucketCount / 8, 16, BatchSize);
            if (native)
            {
                Parallel.For(0, windows, w => sums[w] = NativeKernels.WindowSum(n, terms.X, terms.Y, digits.AsSpan(w * n, n), bucketCount, batchSize));
            }
            else
            {
                // One set of buckets per worker, reset for each of its windows: a set per window was 0.3 MB
                // each, 8 MB of garbage per MSM that a one-shot proof's peak memory paid for.
                Parallel.For(0, windows, () => new AffineBuckets<T>(bucketCount, batchSize),
                    (w, _, buckets) =>
                    {
                        sums[w] = WindowSum(terms.X, terms.Y, digits.AsSpan(w * n, n), buckets);
                        return buckets;
                    },
                    _ => { });
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(digits);
        }
        var result = JacobianPoint<T>.Infinity;
        for (var w = windows - 1; w >= 0; w--)
        {
            for (var d = 0; d < window; d++) result = result.Double();
            result = result.Add(sums[w]);
        }
        return result;
    }

    // Scalars are below r < 2^254; one more window than 254 bits need takes the last carry.
    private static int WindowCount(int window) => 254 / window + 1;

    // Cost per window ≈ 6n multiplications for the batched affine additions + 27·2^(c−1) for the bucket sum.
    private static int WindowFor(int n) => Enumerable.Range(3, 14)
        .MinBy(c => WindowCount(c) * (6.0 * n + 27.0 * (1 << (c - 1))));

    /// <summary>
    /// Every scalar's signed digits, window by window (the digits of window w at [w·n, (w + 1)·n)):
    /// a digit of 2^(c−1) or more becomes digit − 2^c with a carry of one into the next window.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SignedDigits(ReadOnlySpan<Limbs> scalars, int window, int windows, Span<short> digits)
    {
        var n = scalars.Length;
        var half = 1 << (window - 1);
        for (var i = 0; i < n; i++)
        {
            var carry = 0;
            for (var w = 0; w < windows; w++)
            {
                var digit = Bits(scalars[i], w * window, window) + carry;
                carry = digit >= half ? 1 : 0;
                digits[(w * n) + i] = (short)(digit - (carry << window));
            }
        }
    }

    // Bits [start, start + width) of the scalar; a window may straddle two words.
    private static int Bits(Limbs scalar, int start, int width)
    {
        var word = start >> 6;
        var shift = start & 63;
        var bits = Word(scalar, word) >> shift;
        if (shift + width > 64) bits |= Word(scalar, word + 1) << (64 - shift);
        return (int)(bits & ((1UL << width) - 1));
    }

    private static ulong Word(Limbs scalar, int index) => index switch { 0 => scalar.L0, 1 => scalar.L1, 2 => scalar.L2, 3 => scalar.L3, _ => 0 };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised at once, not after tiering (a one-shot CLI proof)
    private static JacobianPoint<T> WindowSum<T>(T[] px, T[] py, ReadOnlySpan<short> digits, AffineBuckets<T> buckets) where T : struct, IFieldElement<T>
    {
        buckets.Reset();
        for (var i = 0; i < digits.Length; i++)
        {
            int digit = digits[i];
            if (digit > 0) buckets.Add(digit - 1, px[i], py[i]);
            else if (digit < 0) buckets.Add(-digit - 1, px[i], -py[i]);
            else continue;
            if (buckets.IsFull) buckets.Flush();
        }
        buckets.Flush();

        var running = JacobianPoint<T>.Infinity;
        var sum = JacobianPoint<T>.Infinity;
        for (var b = buckets.Count - 1; b >= 0; b--)
        {
            running = buckets.AddTo(running, b);
            sum = sum.Add(running);
        }
        return sum;
    }

    /// <summary>
    /// Affine buckets with a batch of queued additions that share one inversion. A batch much smaller
    /// than the number of buckets rarely hits a bucket twice; a point that does (common in the top
    /// window, which has few digit values) is added in Jacobian coordinates instead.
    /// </summary>
    private sealed class AffineBuckets<T>(int count, int batchSize) where T : struct, IFieldElement<T>
    {
        private readonly T[] _x = new T[count];
        private readonly T[] _y = new T[count];
        private readonly bool[] _set = new bool[count];
        private readonly JacobianPoint<T>[] _overflow = Enumerable.Repeat(JacobianPoint<T>.Infinity, count).ToArray(); // P + P and P − P
        private readonly int[] _batchOf = new int[count];
        private readonly int[] _bucket = new int[batchSize];
        private readonly T[] _qx = new T[batchSize];
        private readonly T[] _qy = new T[batchSize];
        private readonly T[] _denominator = new T[batchSize];
        private readonly T[] _prefix = new T[batchSize];
        private int _batch = 1;

        public int Queued { get; private set; }

        public int Count => count;

        /// <summary>Empties every bucket for the next window (batch numbers keep counting up, so old marks never match).</summary>
        public void Reset()
        {
            Array.Clear(_set);
            Array.Fill(_overflow, JacobianPoint<T>.Infinity);
            Queued = 0;
        }

        public bool IsFull => Queued == batchSize;

        /// <summary>bucket += (x, y): queued for the batch's shared inversion, or at once on the Jacobian side.</summary>
        public void Add(int bucket, T x, T y)
        {
            if (!_set[bucket])
            {
                (_x[bucket], _y[bucket], _set[bucket]) = (x, y, true);
                return;
            }
            if (_batchOf[bucket] == _batch || _x[bucket] == x)
            {
                // The bucket is already in this batch, or the addition is a doubling or a cancellation.
                _overflow[bucket] = _overflow[bucket].AddAffine(x, y);
                return;
            }
            _batchOf[bucket] = _batch;
            _bucket[Queued] = bucket;
            (_qx[Queued], _qy[Queued]) = (x, y);
            _denominator[Queued] = x - _x[bucket];
            Queued++;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Flush()
        {
            if (Queued == 0)
            {
                _batch++;
                return;
            }
            BatchInversion.InvertInPlace<T>(_denominator.AsSpan(0, Queued), _prefix);
            for (var k = 0; k < Queued; k++)
            {
                var b = _bucket[k];
                var slope = (_qy[k] - _y[b]) * _denominator[k];
                var x3 = slope.Square() - _x[b] - _qx[k];
                _y[b] = slope * (_x[b] - x3) - _y[b];
                _x[b] = x3;
            }
            Queued = 0;
            _batch++;
        }

        public JacobianPoint<T> AddTo(JacobianPoint<T> point, int bucket)
        {
            if (_set[bucket]) point = point.AddAffine(_x[bucket], _y[bucket]);
            return point.Add(_overflow[bucket]);
        }
    }
}

/// <summary>
/// The terms of one MSM in the form Pippenger's windows read: affine coordinates and canonical scalar
/// limbs, the terms with a zero scalar or the point at infinity left out (they add nothing). Sized once
/// for the largest count, so gathering never copies.
/// </summary>
internal sealed class MsmTerms<T>(int capacity) where T : struct, IFieldElement<T>
{
    public T[] X { get; } = new T[capacity];

    public T[] Y { get; } = new T[capacity];

    public Limbs[] Scalars { get; } = new Limbs[capacity];

    public int Count { get; private set; }

    public int Capacity => X.Length;

    /// <summary>Empties the terms for the next MSM, keeping the arrays.</summary>
    public void Clear() => Count = 0;

    public void Add(T x, T y, Fr scalar)
    {
        (X[Count], Y[Count], Scalars[Count]) = (x, y, scalar.ToCanonicalLimbs());
        Count++;
    }
}
