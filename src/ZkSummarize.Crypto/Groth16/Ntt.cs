using System.Numerics;
using System.Runtime.CompilerServices;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Native;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>
/// Radix-2 number-theoretic transforms over Fr with the roots of unity snarkjs uses: ω of order 2^k is
/// 5^((r − 1)/2^k) (5 is the smallest quadratic non-residue). The transform runs in C where the native
/// library is there (<see cref="NativeKernels"/>), the same algorithm as here.
/// </summary>
public static class Ntt
{
    public const int MaxLog2 = 28; // r − 1 = 2^28 · odd

    /// <summary>The primitive 2^log2-th root of unity.</summary>
    public static Fr RootOfUnity(int log2)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(log2, MaxLog2);
        return Fr.FromUInt64(5).Pow((Fr.Modulus - 1) >> log2);
    }

    /// <summary>Evaluations at ω⁰..ωⁿ⁻¹ from coefficients, in place.</summary>
    public static void Forward(Fr[] values) => Forward(values, NativeKernels.IsAvailable);

    /// <summary>The same, in C (<paramref name="native"/>) or in C#: the tests compare the two.</summary>
    internal static void Forward(Fr[] values, bool native) => Transform(values, RootOfUnity(Log2(values.Length)), native);

    /// <summary>Coefficients from evaluations at ω⁰..ωⁿ⁻¹, in place.</summary>
    public static void Inverse(Fr[] values) => Inverse(values, NativeKernels.IsAvailable);

    /// <summary>The same, in C (<paramref name="native"/>) or in C#.</summary>
    internal static void Inverse(Fr[] values, bool native)
    {
        Transform(values, RootOfUnity(Log2(values.Length)).Inverse(), native);
        var nInverse = Fr.FromUInt64((ulong)values.Length).Inverse();
        for (var i = 0; i < values.Length; i++) values[i] *= nInverse;
    }

    private static int Log2(int n) => n > 0 && BitOperations.IsPow2(n)
        ? BitOperations.Log2((uint)n)
        : throw new ArgumentException($"An NTT needs a power-of-two length, not {n}.");

    private static void Transform(Fr[] a, Fr root, bool native)
    {
        if (native) NativeKernels.Ntt(a, Log2(a.Length), root);
        else ManagedTransform(a, root);
    }

    // Iterative Cooley–Tukey: bit-reversal permutation, then butterflies of growing span.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Msm.WindowSum
    private static void ManagedTransform(Fr[] a, Fr root)
    {
        var n = a.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (a[i], a[j]) = (a[j], a[i]);
        }
        var twiddles = new Fr[n / 2];
        for (var length = 2; length <= n; length <<= 1)
        {
            var step = root.Pow(n / length);
            var half = length / 2;
            twiddles[0] = Fr.One;
            for (var k = 1; k < half; k++) twiddles[k] = twiddles[k - 1] * step;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < half; k++)
                {
                    var u = a[start + k];
                    var v = a[start + k + half] * twiddles[k];
                    a[start + k] = u + v;
                    a[start + k + half] = u - v;
                }
            }
        }
    }
}
