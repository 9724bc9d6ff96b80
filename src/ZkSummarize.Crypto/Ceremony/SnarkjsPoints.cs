using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// The three ways snarkjs lays out a point, for G1 (over Fq) and G2 (over Fq2):
/// <list type="bullet">
/// <item>LEM, in files: affine x‖y, each coordinate in Montgomery form, little-endian (Fq2 as c0‖c1); all zeros is infinity.</item>
/// <item>uncompressed, in hashes: affine x‖y big-endian (Fq2 as c1‖c0), all zeros for infinity: the same bytes as
/// <see cref="G1.Encode"/> and <see cref="G2.Encode"/>.</item>
/// <item>compressed, in a phase-1 response hash: x big-endian with 0x80 set when y is the larger root; 0x40 alone for infinity.</item>
/// </list>
/// </summary>
internal static class SnarkjsPoints
{
    public const int G1Size = 64;
    public const int G2Size = 128;

    /// <summary>(p + 1)/2: a coordinate at or above it is "negative" (the larger of ±y), as ffjavascript decides.</summary>
    private static readonly Limbs HalfPlusOne = Limbs.From((Fq.Modulus + 1) / 2);

    public static int Size<T>() where T : struct, IFieldElement<T> => typeof(T) == typeof(Fq) ? G1Size : G2Size;

    /// <summary>Writes an affine (Z = 1) or infinite point as LEM.</summary>
    public static void WriteLem<T>(in JacobianPoint<T> point, Span<byte> destination) where T : struct, IFieldElement<T>
    {
        var half = Size<T>() / 2;
        if (point.IsInfinity)
        {
            destination[..(2 * half)].Clear();
            return;
        }
        RequireAffine(point);
        WriteMontgomery(point.X, destination[..half]);
        WriteMontgomery(point.Y, destination.Slice(half, half));
    }

    /// <summary>Reads LEM; false when a coordinate is not below p (the point is not checked against the curve).</summary>
    public static bool TryReadLem<T>(ReadOnlySpan<byte> source, out JacobianPoint<T> point) where T : struct, IFieldElement<T>
    {
        var half = Size<T>() / 2;
        point = JacobianPoint<T>.Infinity;
        if (!source[..(2 * half)].ContainsAnyExcept((byte)0)) return true;
        if (!TryReadMontgomery(source[..half], out T x) || !TryReadMontgomery(source.Slice(half, half), out T y)) return false;
        point = JacobianPoint<T>.FromAffine(x, y);
        return true;
    }

    /// <summary>Writes an affine or infinite point uncompressed (big-endian; infinity is all zeros).</summary>
    public static void WriteUncompressed<T>(in JacobianPoint<T> point, Span<byte> destination) where T : struct, IFieldElement<T>
    {
        var half = Size<T>() / 2;
        if (point.IsInfinity)
        {
            destination[..(2 * half)].Clear();
            return;
        }
        RequireAffine(point);
        WriteBigEndian(point.X, destination[..half]);
        WriteBigEndian(point.Y, destination.Slice(half, half));
    }

    /// <summary>Writes an affine or infinite point compressed (x big-endian, 0x80 for the larger y, 0x40 alone for infinity).</summary>
    public static void WriteCompressed<T>(in JacobianPoint<T> point, Span<byte> destination) where T : struct, IFieldElement<T>
    {
        var half = Size<T>() / 2;
        destination[..half].Clear();
        if (point.IsInfinity)
        {
            destination[0] = 0x40;
            return;
        }
        RequireAffine(point);
        WriteBigEndian(point.X, destination[..half]);
        if (IsNegative(point.Y)) destination[0] |= 0x80;
    }

    /// <summary>Whether the coordinate is the larger of ±y: for Fq2, decided by c1 unless it is zero, then by c0.</summary>
    public static bool IsNegative<T>(T value) where T : struct, IFieldElement<T>
    {
        if (typeof(T) == typeof(Fq)) return IsNegative(Unsafe.As<T, Fq>(ref value));
        var pair = Unsafe.As<T, Fq2>(ref value);
        return pair.B.IsZero ? IsNegative(pair.A) : IsNegative(pair.B);
    }

    /// <summary>All points as LEM, one after another.</summary>
    public static byte[] ToLem<T>(ReadOnlySpan<JacobianPoint<T>> points) where T : struct, IFieldElement<T>
    {
        var size = Size<T>();
        var bytes = new byte[points.Length * size];
        for (var i = 0; i < points.Length; i++) WriteLem(points[i], bytes.AsSpan(i * size, size));
        return bytes;
    }

    /// <summary>All points uncompressed, one after another.</summary>
    public static byte[] ToUncompressed<T>(ReadOnlySpan<JacobianPoint<T>> points) where T : struct, IFieldElement<T>
    {
        var size = Size<T>();
        var bytes = new byte[points.Length * size];
        for (var i = 0; i < points.Length; i++) WriteUncompressed(points[i], bytes.AsSpan(i * size, size));
        return bytes;
    }

    /// <summary>All points compressed, one after another.</summary>
    public static byte[] ToCompressed<T>(ReadOnlySpan<JacobianPoint<T>> points) where T : struct, IFieldElement<T>
    {
        var size = Size<T>() / 2;
        var bytes = new byte[points.Length * size];
        for (var i = 0; i < points.Length; i++) WriteCompressed(points[i], bytes.AsSpan(i * size, size));
        return bytes;
    }

    public static byte[] Uncompressed<T>(JacobianPoint<T> point) where T : struct, IFieldElement<T>
    {
        var bytes = new byte[Size<T>()];
        WriteUncompressed(point.ToAffine() is var (x, y) ? JacobianPoint<T>.FromAffine(x, y) : point, bytes);
        return bytes;
    }

    private static bool IsNegative(Fq value) => !value.ToCanonicalLimbs().IsBelow(HalfPlusOne);

    private static void RequireAffine<T>(in JacobianPoint<T> point) where T : struct, IFieldElement<T>
    {
        if (point.Z != T.One) throw new InvalidOperationException("Points are written from affine coordinates: normalise them first.");
    }

    private static void WriteMontgomery<T>(T value, Span<byte> destination) where T : struct, IFieldElement<T>
    {
        if (typeof(T) == typeof(Fq))
        {
            Unsafe.As<T, Fq>(ref value).WriteMontgomeryBytes(destination);
            return;
        }
        var pair = Unsafe.As<T, Fq2>(ref value);
        pair.A.WriteMontgomeryBytes(destination[..32]);
        pair.B.WriteMontgomeryBytes(destination[32..]);
    }

    private static bool TryReadMontgomery<T>(ReadOnlySpan<byte> source, out T value) where T : struct, IFieldElement<T>
    {
        value = default;
        if (typeof(T) == typeof(Fq))
        {
            var ok = Fq.TryFromMontgomeryBytes(source, out var single);
            value = Unsafe.As<Fq, T>(ref single);
            return ok;
        }
        var okA = Fq.TryFromMontgomeryBytes(source[..32], out var a);
        var okB = Fq.TryFromMontgomeryBytes(source[32..], out var b);
        var pair = new Fq2(a, b);
        value = Unsafe.As<Fq2, T>(ref pair);
        return okA && okB;
    }

    private static void WriteBigEndian<T>(T value, Span<byte> destination) where T : struct, IFieldElement<T>
    {
        if (typeof(T) == typeof(Fq))
        {
            WriteBigEndian(Unsafe.As<T, Fq>(ref value), destination);
            return;
        }
        var pair = Unsafe.As<T, Fq2>(ref value);
        WriteBigEndian(pair.B, destination[..32]);
        WriteBigEndian(pair.A, destination[32..]);
    }

    private static void WriteBigEndian(Fq value, Span<byte> destination)
    {
        var limbs = value.ToCanonicalLimbs();
        BinaryPrimitives.WriteUInt64BigEndian(destination, limbs.L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], limbs.L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], limbs.L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], limbs.L0);
    }
}
