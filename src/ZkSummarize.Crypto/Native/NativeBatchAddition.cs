using System.Runtime.InteropServices;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Native;

/// <summary>
/// The MSM's batched affine bucket additions in C (Native/zks_field.c, built into libzksfield.so with the
/// project where clang is found): the same algorithm as the managed code in <c>Msm</c>, about twice as fast,
/// because C has 64-bit carry chains. When the library is missing (another platform, no clang at build
/// time) or <c>ZKS_MANAGED_MSM=1</c> is set, <see cref="IsAvailable"/> is false and the managed code runs.
/// </summary>
internal static partial class NativeBatchAddition
{
    private const string Library = "zksfield";
    private const int AbiVersion = 1;

    /// <summary>Whether the library is loaded and speaks this interface.</summary>
    public static bool IsAvailable { get; } = Probe();

    /// <summary>Whether the native code adds points with coordinates in <typeparamref name="T"/>.</summary>
    public static bool Supports<T>() => IsAvailable && (typeof(T) == typeof(Fq) || typeof(T) == typeof(Fq2));

    /// <summary>
    /// For k &lt; count: the bucket <c>bucket[k]</c> of (<paramref name="bucketX"/>, <paramref name="bucketY"/>)
    /// gets (qx[k], qy[k]) added. <paramref name="denominators"/>[k] must be qx[k] minus that bucket's x, not
    /// zero, and no bucket may appear twice; they are overwritten. <paramref name="prefix"/> is working space.
    /// </summary>
    public static void Add<T>(int count, int[] bucket, T[] bucketX, T[] bucketY, T[] qx, T[] qy, T[] denominators, T[] prefix) where T : struct
    {
        if (typeof(T) == typeof(Fq))
        {
            G1BatchAdd(count, bucket, Words(bucketX), Words(bucketY), Words(qx), Words(qy), Words(denominators), Words(prefix));
        }
        else if (typeof(T) == typeof(Fq2))
        {
            G2BatchAdd(count, bucket, Words(bucketX), Words(bucketY), Words(qx), Words(qy), Words(denominators), Words(prefix));
        }
        else
        {
            throw new NotSupportedException($"No native additions over {typeof(T).Name}.");
        }
    }

    // Fq is four 64-bit limbs in Montgomery form and Fq2 two Fq, laid out in order: what the C side reads.
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

    [LibraryImport(Library, EntryPoint = "zks_g1_batch_add")]
    private static partial void G1BatchAdd(int count, ReadOnlySpan<int> bucket, Span<ulong> bucketX, Span<ulong> bucketY,
        ReadOnlySpan<ulong> qx, ReadOnlySpan<ulong> qy, Span<ulong> denominators, Span<ulong> prefix);

    [LibraryImport(Library, EntryPoint = "zks_g2_batch_add")]
    private static partial void G2BatchAdd(int count, ReadOnlySpan<int> bucket, Span<ulong> bucketX, Span<ulong> bucketY,
        ReadOnlySpan<ulong> qx, ReadOnlySpan<ulong> qy, Span<ulong> denominators, Span<ulong> prefix);
}
