using System.Buffers.Binary;
using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>A 256-bit value as four little-endian 64-bit limbs.</summary>
internal readonly record struct Limbs(ulong L0, ulong L1, ulong L2, ulong L3)
{
    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    public static Limbs From(BigInteger value)
    {
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return new Limbs(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
    }

    public BigInteger ToBigInteger()
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, L0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], L1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], L2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], L3);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    public bool ConstantTimeEquals(Limbs other) => ((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3)) == 0;
}

/// <summary>
/// Montgomery arithmetic modulo a prime below 2^254 (BN254's base and scalar fields): values are
/// kept as a·2^256 mod p. Multiplication is CIOS (Koç, Acar and Kaliski, 1996); the reductions use
/// masks instead of branches, so timing does not depend on the values.
/// </summary>
internal sealed class MontgomeryModulus
{
    private readonly ulong _n0, _n1, _n2, _n3, _nPrime;

    public MontgomeryModulus(BigInteger modulus)
    {
        Modulus = modulus;
        (_n0, _n1, _n2, _n3) = Limbs.From(modulus);
        ulong inverse = 1;
        for (var i = 0; i < 6; i++) inverse *= 2 - _n0 * inverse; // Newton: doubles the correct low bits each round
        _nPrime = 0 - inverse;
        R2 = Limbs.From(BigInteger.ModPow(2, 512, modulus));
        One = ToMontgomery(BigInteger.One);
    }

    public BigInteger Modulus { get; }

    public Limbs R2 { get; }

    public Limbs One { get; }

    public Limbs ToMontgomery(BigInteger value)
    {
        value %= Modulus;
        if (value.Sign < 0) value += Modulus;
        return Mul(Limbs.From(value), R2);
    }

    public BigInteger FromMontgomery(Limbs value) => Mul(value, new Limbs(1, 0, 0, 0)).ToBigInteger();

    public Limbs Add(Limbs a, Limbs b)
    {
        ulong carry = 0;
        var r0 = AddWithCarry(a.L0, b.L0, ref carry);
        var r1 = AddWithCarry(a.L1, b.L1, ref carry);
        var r2 = AddWithCarry(a.L2, b.L2, ref carry);
        var r3 = AddWithCarry(a.L3, b.L3, ref carry);
        return ReduceOnce(r0, r1, r2, r3, carry);
    }

    public Limbs Sub(Limbs a, Limbs b)
    {
        ulong borrow = 0;
        var r0 = SubWithBorrow(a.L0, b.L0, ref borrow);
        var r1 = SubWithBorrow(a.L1, b.L1, ref borrow);
        var r2 = SubWithBorrow(a.L2, b.L2, ref borrow);
        var r3 = SubWithBorrow(a.L3, b.L3, ref borrow);
        var mask = 0UL - borrow; // add p back when the subtraction wrapped
        ulong carry = 0;
        r0 = AddWithCarry(r0, _n0 & mask, ref carry);
        r1 = AddWithCarry(r1, _n1 & mask, ref carry);
        r2 = AddWithCarry(r2, _n2 & mask, ref carry);
        r3 = AddWithCarry(r3, _n3 & mask, ref carry);
        return new Limbs(r0, r1, r2, r3);
    }

    public Limbs Mul(Limbs a, Limbs b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        for (var i = 0; i < 4; i++)
        {
            var bi = i switch { 0 => b.L0, 1 => b.L1, 2 => b.L2, _ => b.L3 };
            ulong c = 0;
            t0 = MulAdd(a.L0, bi, t0, ref c);
            t1 = MulAdd(a.L1, bi, t1, ref c);
            t2 = MulAdd(a.L2, bi, t2, ref c);
            t3 = MulAdd(a.L3, bi, t3, ref c);
            ulong carry = 0;
            t4 = AddWithCarry(t4, c, ref carry);
            var t5 = carry;

            var m = t0 * _nPrime;
            c = 0;
            _ = MulAdd(m, _n0, t0, ref c);
            t0 = MulAdd(m, _n1, t1, ref c);
            t1 = MulAdd(m, _n2, t2, ref c);
            t2 = MulAdd(m, _n3, t3, ref c);
            carry = 0;
            t3 = AddWithCarry(t4, c, ref carry);
            t4 = t5 + carry;
        }
        return ReduceOnce(t0, t1, t2, t3, t4);
    }

    // Subtracts p once if the value (with a fifth limb `high`) is at least p; inputs stay below 2p.
    private Limbs ReduceOnce(ulong r0, ulong r1, ulong r2, ulong r3, ulong high)
    {
        ulong borrow = 0;
        var s0 = SubWithBorrow(r0, _n0, ref borrow);
        var s1 = SubWithBorrow(r1, _n1, ref borrow);
        var s2 = SubWithBorrow(r2, _n2, ref borrow);
        var s3 = SubWithBorrow(r3, _n3, ref borrow);
        SubWithBorrow(high, 0, ref borrow);
        var keep = 0UL - borrow; // all ones when the value was below p
        return new Limbs((r0 & keep) | (s0 & ~keep), (r1 & keep) | (s1 & ~keep), (r2 & keep) | (s2 & ~keep), (r3 & keep) | (s3 & ~keep));
    }

    private static ulong AddWithCarry(ulong a, ulong b, ref ulong carry)
    {
        var sum = (UInt128)a + b + carry;
        carry = (ulong)(sum >> 64);
        return (ulong)sum;
    }

    private static ulong SubWithBorrow(ulong a, ulong b, ref ulong borrow)
    {
        var difference = (UInt128)a - b - borrow;
        borrow = (ulong)(difference >> 127);
        return (ulong)difference;
    }

    // a·b + t + carry: the low word is returned, the high word left in carry (no 128-bit overflow is possible).
    private static ulong MulAdd(ulong a, ulong b, ulong t, ref ulong carry)
    {
        var product = (UInt128)a * b + t + carry;
        carry = (ulong)(product >> 64);
        return (ulong)product;
    }
}
