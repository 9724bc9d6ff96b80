using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>A 256-bit value as four little-endian 64-bit limbs.</summary>
internal readonly record struct Limbs(ulong L0, ulong L1, ulong L2, ulong L3)
{
    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    public static Limbs ReadLittleEndian(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));

    public void WriteLittleEndian(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, L0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], L1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], L2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], L3);
    }

    /// <summary>Whether the value is below <paramref name="other"/> (not constant-time: for reading public files).</summary>
    public bool IsBelow(Limbs other) =>
        L3 != other.L3 ? L3 < other.L3 : L2 != other.L2 ? L2 < other.L2 : L1 != other.L1 ? L1 < other.L1 : L0 < other.L0;

    public static Limbs From(BigInteger value)
    {
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return ReadLittleEndian(bytes);
    }

    public BigInteger ToBigInteger()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteLittleEndian(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    public bool ConstantTimeEquals(Limbs other) => ((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3)) == 0;
}

/// <summary>
/// The constants of a modulus, as compile-time constants so that <see cref="Montgomery{TModulus}"/>,
/// specialised per modulus by the JIT, multiplies by immediates instead of loading fields.
/// </summary>
internal interface IModulus
{
    static abstract BigInteger Value { get; }

    static abstract ulong N0 { get; }

    static abstract ulong N1 { get; }

    static abstract ulong N2 { get; }

    static abstract ulong N3 { get; }

    /// <summary>−p⁻¹ mod 2^64.</summary>
    static abstract ulong NPrime { get; }
}

/// <summary>BN254's base field modulus p.</summary>
internal readonly struct BaseModulus : IModulus
{
    public static BigInteger Value { get; } = BigInteger.Parse("21888242871839275222246405745257275088696311157297823662689037894645226208583");

    public static ulong N0 => 0x3c208c16d87cfd47;

    public static ulong N1 => 0x97816a916871ca8d;

    public static ulong N2 => 0xb85045b68181585d;

    public static ulong N3 => 0x30644e72e131a029;

    public static ulong NPrime => 0x87d20782e4866389;
}

/// <summary>BN254's scalar field modulus r.</summary>
internal readonly struct ScalarModulus : IModulus
{
    public static BigInteger Value { get; } = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    public static ulong N0 => 0x43e1f593f0000001;

    public static ulong N1 => 0x2833e84879b97091;

    public static ulong N2 => 0xb85045b68181585d;

    public static ulong N3 => 0x30644e72e131a029;

    public static ulong NPrime => 0xc2e1f593efffffff;
}

/// <summary>
/// Montgomery arithmetic modulo a prime below 2^254 (BN254's base and scalar fields): values are
/// kept as a·2^256 mod p. Multiplication is CIOS (Koç, Acar and Kaliski, 1996) without the fifth
/// carry word, which is exact when the modulus's top limb is below 2^63 − 1 (Gnark's observation;
/// both BN254 moduli qualify, checked by a test). The reductions use masks instead of branches, so
/// timing does not depend on the values.
/// </summary>
internal static class Montgomery<TModulus> where TModulus : struct, IModulus
{
    public static readonly Limbs R2 = Limbs.From(BigInteger.ModPow(2, 512, TModulus.Value));

    public static readonly Limbs One = Limbs.From(BigInteger.ModPow(2, 256, TModulus.Value));

    public static Limbs ToMontgomery(BigInteger value)
    {
        value %= TModulus.Value;
        if (value.Sign < 0) value += TModulus.Value;
        return Mul(Limbs.From(value), R2);
    }

    public static BigInteger FromMontgomery(Limbs value) => ToCanonical(value).ToBigInteger();

    public static Limbs Modulus { get; } = new(TModulus.N0, TModulus.N1, TModulus.N2, TModulus.N3);

    /// <summary>The value itself (a·2^256 → a), as limbs.</summary>
    public static Limbs ToCanonical(Limbs value) => Mul(value, new Limbs(1, 0, 0, 0));

    public static Limbs Add(Limbs a, Limbs b)
    {
        // Both are below p < 2^254, so the sum fits in four limbs.
        ulong carry = 0;
        var r0 = AddWithCarry(a.L0, b.L0, ref carry);
        var r1 = AddWithCarry(a.L1, b.L1, ref carry);
        var r2 = AddWithCarry(a.L2, b.L2, ref carry);
        var r3 = a.L3 + b.L3 + carry;
        return ReduceOnce(r0, r1, r2, r3);
    }

    public static Limbs Sub(Limbs a, Limbs b)
    {
        ulong borrow = 0;
        var r0 = SubWithBorrow(a.L0, b.L0, ref borrow);
        var r1 = SubWithBorrow(a.L1, b.L1, ref borrow);
        var r2 = SubWithBorrow(a.L2, b.L2, ref borrow);
        var r3 = SubWithBorrow(a.L3, b.L3, ref borrow);
        var mask = 0UL - borrow; // add p back when the subtraction wrapped
        ulong carry = 0;
        r0 = AddWithCarry(r0, TModulus.N0 & mask, ref carry);
        r1 = AddWithCarry(r1, TModulus.N1 & mask, ref carry);
        r2 = AddWithCarry(r2, TModulus.N2 & mask, ref carry);
        r3 = r3 + (TModulus.N3 & mask) + carry;
        return new Limbs(r0, r1, r2, r3);
    }

    public static Limbs Mul(Limbs a, Limbs b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        MulRound(b.L0, a, ref t0, ref t1, ref t2, ref t3);
        MulRound(b.L1, a, ref t0, ref t1, ref t2, ref t3);
        MulRound(b.L2, a, ref t0, ref t1, ref t2, ref t3);
        MulRound(b.L3, a, ref t0, ref t1, ref t2, ref t3);
        return ReduceOnce(t0, t1, t2, t3);
    }

    // t = (t + a·bᵢ + m·p) / 2^64 with m chosen to clear the low word; t stays below 2p.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulRound(ulong bi, in Limbs a, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3)
    {
        ulong c = 0;
        t0 = MulAdd(a.L0, bi, t0, ref c);
        t1 = MulAdd(a.L1, bi, t1, ref c);
        t2 = MulAdd(a.L2, bi, t2, ref c);
        t3 = MulAdd(a.L3, bi, t3, ref c);
        var t4 = c;
        var m = t0 * TModulus.NPrime;
        c = 0;
        _ = MulAdd(m, TModulus.N0, t0, ref c);
        t0 = MulAdd(m, TModulus.N1, t1, ref c);
        t1 = MulAdd(m, TModulus.N2, t2, ref c);
        t2 = MulAdd(m, TModulus.N3, t3, ref c);
        t3 = t4 + c;
    }

    // Subtracts p once if the value is at least p; inputs stay below 2p < 2^256.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Limbs ReduceOnce(ulong r0, ulong r1, ulong r2, ulong r3)
    {
        ulong borrow = 0;
        var s0 = SubWithBorrow(r0, TModulus.N0, ref borrow);
        var s1 = SubWithBorrow(r1, TModulus.N1, ref borrow);
        var s2 = SubWithBorrow(r2, TModulus.N2, ref borrow);
        var s3 = SubWithBorrow(r3, TModulus.N3, ref borrow);
        var keep = 0UL - borrow; // all ones when the value was below p
        return new Limbs((r0 & keep) | (s0 & ~keep), (r1 & keep) | (s1 & ~keep), (r2 & keep) | (s2 & ~keep), (r3 & keep) | (s3 & ~keep));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddWithCarry(ulong a, ulong b, ref ulong carry)
    {
        var sum = a + b;
        var carryOut = sum < a ? 1UL : 0UL;
        sum += carry;
        carry = carryOut | (sum < carry ? 1UL : 0UL);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubWithBorrow(ulong a, ulong b, ref ulong borrow)
    {
        var difference = a - b;
        var borrowOut = a < b ? 1UL : 0UL;
        borrowOut |= difference < borrow ? 1UL : 0UL;
        difference -= borrow;
        borrow = borrowOut;
        return difference;
    }

    // a·b + t + carry: the low word is returned, the high word left in carry (it cannot overflow).
    // The high half comes from MULX and the low half from IMUL: Math.BigMul's out parameter makes the
    // JIT round-trip the low half through the stack, which measured 30% slower.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd(ulong a, ulong b, ulong t, ref ulong carry)
    {
        ulong high, low;
        if (Bmi2.X64.IsSupported)
        {
            high = Bmi2.X64.MultiplyNoFlags(a, b);
            low = a * b;
        }
        else
        {
            high = Math.BigMul(a, b, out low);
        }
        low += t;
        high += low < t ? 1UL : 0UL;
        low += carry;
        high += low < carry ? 1UL : 0UL;
        carry = high;
        return low;
    }
}
