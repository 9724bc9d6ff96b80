using System.Runtime.InteropServices;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Native;

/// <summary>
/// The prover's hot loops in C (Native/zks_field.c and the .inc files it includes, built into libzksfield.so
/// with the project where clang-14 is found): one window of <c>Msm</c>'s bucket method and <c>Ntt</c>'s
/// transform, the same algorithms as their managed code, about twice as fast, because C has 64-bit carry
/// chains. When the library is missing (another platform, no clang at build time) or <c>ZKS_MANAGED_MSM=1</c>
/// is set, <see cref="IsAvailable"/> is false and the managed code runs.
/// </summary>
internal static partial class NativeKernels
{
    private const string Library = "zksfield";
    private const int AbiVersion = 3;

    /// <summary>Whether the library is loaded and speaks this interface.</summary>
    public static bool IsAvailable { get; } = Probe();

    /// <summary>Whether the native code sums points with coordinates in <typeparamref name="T"/>.</summary>
    public static bool Supports<T>() => IsAvailable && (typeof(T) == typeof(Fq) || typeof(T) == typeof(Fq2));

    /// <summary>
    /// Σ digitᵢ·Pᵢ over the first <paramref name="count"/> affine points, each digit in [−bucketCount, bucketCount],
    /// with the buckets filled in batches of <paramref name="batchSize"/> additions that share one inversion.
    /// </summary>
    /// <exception cref="InsufficientMemoryException">The C side could not allocate the buckets.</exception>
    public static JacobianPoint<T> WindowSum<T>(int count, T[] x, T[] y, ReadOnlySpan<short> digits, int bucketCount, int batchSize)
        where T : struct, IFieldElement<T>
    {
        if (x.Length < count || y.Length < count || digits.Length < count) throw new ArgumentException("Fewer points or digits than the count.");
        var sum = new JacobianPoint<T>[1];
        var status = typeof(T) == typeof(Fq) ? G1WindowSum(count, Words(x), Words(y), digits, bucketCount, batchSize, Words(sum))
            : typeof(T) == typeof(Fq2) ? G2WindowSum(count, Words(x), Words(y), digits, bucketCount, batchSize, Words(sum))
            : throw new NotSupportedException($"No native MSM over {typeof(T).Name}.");
        return status == 0 ? sum[0] : throw new InsufficientMemoryException($"The native MSM could not allocate {bucketCount} buckets.");
    }

    /// <summary>The radix-2 NTT of 2^<paramref name="log2"/> values in place, with <paramref name="root"/> the root of unity of that order.</summary>
    /// <exception cref="InsufficientMemoryException">The C side could not allocate the twiddles.</exception>
    public static void Ntt(Fr[] values, int log2, Fr root)
    {
        if (values.Length != 1 << log2) throw new ArgumentException($"{values.Length} values, not 2^{log2}.", nameof(values));
        if (FrNtt(Words(values), log2, Words(new[] { root })) != 0) throw new InsufficientMemoryException($"The native NTT could not allocate {values.Length / 2} twiddles.");
    }

    // Fr and Fq are four 64-bit limbs in Montgomery form, Fq2 two Fq and a Jacobian point three coordinates, laid out
    // in order: what the C side reads and writes.
    private static Span<ulong> Words<T>(T[] values) where T : struct => MemoryMarshal.Cast<T, ulong>(values.AsSpan());

    private static bool Probe()
    {
        if (Environment.GetEnvironmentVariable("ZKS_MANAGED_MSM") == "1") return false;
        try
        {
            return Version() == AbiVersion;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    [LibraryImport(Library, EntryPoint = "zks_field_abi_version")]
    private static partial int Version();

    [LibraryImport(Library, EntryPoint = "zks_fr_ntt")]
    private static partial int FrNtt(Span<ulong> values, int log2, ReadOnlySpan<ulong> root);

    [LibraryImport(Library, EntryPoint = "zks_g1_window_sum")]
    private static partial int G1WindowSum(int count, ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, ReadOnlySpan<short> digits,
        int bucketCount, int batchSize, Span<ulong> sum);

    [LibraryImport(Library, EntryPoint = "zks_g2_window_sum")]
    private static partial int G2WindowSum(int count, ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, ReadOnlySpan<short> digits,
        int bucketCount, int batchSize, Span<ulong> sum);
}
