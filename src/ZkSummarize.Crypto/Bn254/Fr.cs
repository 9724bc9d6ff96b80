using System.Buffers.Binary;
using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>
/// An element of BN254's scalar field (the field circom circuits and Poseidon work in), of prime
/// order r = 21888242871839275222246405745257275088548364400416034343698204186575808495617.
/// Kept in Montgomery form (a·2^256 mod r) in four 64-bit limbs; multiplication is CIOS Montgomery
/// multiplication, and no operation branches on the value except the final conditional subtraction
/// (done without a branch), so timing does not depend on secrets.
/// </summary>
public readonly struct Fr : IEquatable<Fr>
{
    public static readonly BigInteger Modulus = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    private static readonly ulong[] N = Limbs(Modulus);
    private static readonly ulong NPrime = ComputeNPrime(N[0]);              // -r^-1 mod 2^64
    private static readonly Fr R2 = FromLimbs(Limbs(BigInteger.ModPow(2, 512, Modulus)));

    private readonly ulong _l0, _l1, _l2, _l3;

    private Fr(ulong l0, ulong l1, ulong l2, ulong l3) => (_l0, _l1, _l2, _l3) = (l0, l1, l2, l3);

    public static Fr Zero => default;

    public static Fr One { get; } = FromBigInteger(BigInteger.One);

    public bool IsZero => (_l0 | _l1 | _l2 | _l3) == 0;

    /// <summary>The element congruent to <paramref name="value"/> (any integer, reduced mod r).</summary>
    public static Fr FromBigInteger(BigInteger value)
    {
        value %= Modulus;
        if (value.Sign < 0) value += Modulus;
        return FromLimbs(Limbs(value)) * R2;
    }

    public static Fr FromUInt64(ulong value) => new Fr(value, 0, 0, 0) * R2;

    /// <summary>Reads 32 big-endian bytes that must encode a value below r.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes, or not below r.</exception>
    public static Fr FromBytesBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (!TryFromBytesBigEndian(bytes, out var value))
        {
            throw new ArgumentException("A BN254 scalar is 32 big-endian bytes below the field modulus r.", nameof(bytes));
        }
        return value;
    }

    public static bool TryFromBytesBigEndian(ReadOnlySpan<byte> bytes, out Fr value)
    {
        value = default;
        if (bytes.Length != 32) return false;
        var integer = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        if (integer >= Modulus) return false;
        value = FromBigInteger(integer);
        return true;
    }

    public BigInteger ToBigInteger()
    {
        var plain = this * new Fr(1, 0, 0, 0); // multiplying by 1 (not in Montgomery form) leaves Montgomery form
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, plain._l0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], plain._l1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], plain._l2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], plain._l3);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    public byte[] ToBytesBigEndian()
    {
        var bytes = new byte[32];
        var value = ToBigInteger();
        value.TryWriteBytes(bytes.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    public static Fr operator +(Fr a, Fr b)
    {
        ulong carry = 0;
        var r0 = AddWithCarry(a._l0, b._l0, ref carry);
        var r1 = AddWithCarry(a._l1, b._l1, ref carry);
        var r2 = AddWithCarry(a._l2, b._l2, ref carry);
        var r3 = AddWithCarry(a._l3, b._l3, ref carry);
        return ReduceOnce(r0, r1, r2, r3, carry);
    }

    public static Fr operator -(Fr a, Fr b)
    {
        ulong borrow = 0;
        var r0 = SubWithBorrow(a._l0, b._l0, ref borrow);
        var r1 = SubWithBorrow(a._l1, b._l1, ref borrow);
        var r2 = SubWithBorrow(a._l2, b._l2, ref borrow);
        var r3 = SubWithBorrow(a._l3, b._l3, ref borrow);
        // add r back when the subtraction wrapped, selected by a mask instead of a branch
        var mask = 0UL - borrow;
        ulong carry = 0;
        r0 = AddWithCarry(r0, N[0] & mask, ref carry);
        r1 = AddWithCarry(r1, N[1] & mask, ref carry);
        r2 = AddWithCarry(r2, N[2] & mask, ref carry);
        r3 = AddWithCarry(r3, N[3] & mask, ref carry);
        return new Fr(r0, r1, r2, r3);
    }

    public static Fr operator -(Fr a) => Zero - a;

    public static Fr operator *(Fr a, Fr b)
    {
        // CIOS Montgomery multiplication (Koç, Acar and Kaliski, 1996).
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        for (var i = 0; i < 4; i++)
        {
            var bi = i switch { 0 => b._l0, 1 => b._l1, 2 => b._l2, _ => b._l3 };
            ulong c = 0;
            t0 = MulAdd(a._l0, bi, t0, ref c);
            t1 = MulAdd(a._l1, bi, t1, ref c);
            t2 = MulAdd(a._l2, bi, t2, ref c);
            t3 = MulAdd(a._l3, bi, t3, ref c);
            ulong carry = 0;
            t4 = AddWithCarry(t4, c, ref carry);
            var t5 = carry;

            var m = t0 * NPrime;
            c = 0;
            _ = MulAdd(m, N[0], t0, ref c);
            t0 = MulAdd(m, N[1], t1, ref c);
            t1 = MulAdd(m, N[2], t2, ref c);
            t2 = MulAdd(m, N[3], t3, ref c);
            carry = 0;
            t3 = AddWithCarry(t4, c, ref carry);
            t4 = t5 + carry;
        }
        return ReduceOnce(t0, t1, t2, t3, t4);
    }

    public Fr Square() => this * this;

    /// <summary>x^5, Poseidon's S-box.</summary>
    public Fr Pow5()
    {
        var x2 = Square();
        return x2.Square() * this;
    }

    public Fr Pow(BigInteger exponent)
    {
        var result = One;
        var b = this;
        for (; exponent > 0; exponent >>= 1)
        {
            if (!exponent.IsEven) result *= b;
            b = b.Square();
        }
        return result;
    }

    /// <exception cref="DivideByZeroException">Zero has no inverse.</exception>
    public Fr Inverse() => IsZero ? throw new DivideByZeroException("Zero has no inverse in Fr.") : Pow(Modulus - 2);

    public bool Equals(Fr other) => ((_l0 ^ other._l0) | (_l1 ^ other._l1) | (_l2 ^ other._l2) | (_l3 ^ other._l3)) == 0;

    public override bool Equals(object? obj) => obj is Fr other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_l0, _l1, _l2, _l3);

    public static bool operator ==(Fr a, Fr b) => a.Equals(b);

    public static bool operator !=(Fr a, Fr b) => !a.Equals(b);

    public override string ToString() => ToBigInteger().ToString();

    // Subtracts r once if the value (with a 5th limb `high`) is ≥ r; values stay below 2r throughout.
    private static Fr ReduceOnce(ulong r0, ulong r1, ulong r2, ulong r3, ulong high)
    {
        ulong borrow = 0;
        var s0 = SubWithBorrow(r0, N[0], ref borrow);
        var s1 = SubWithBorrow(r1, N[1], ref borrow);
        var s2 = SubWithBorrow(r2, N[2], ref borrow);
        var s3 = SubWithBorrow(r3, N[3], ref borrow);
        SubWithBorrow(high, 0, ref borrow);
        var keep = 0UL - borrow; // all ones when r0..r3 < r: keep the unreduced value
        return new Fr((r0 & keep) | (s0 & ~keep), (r1 & keep) | (s1 & ~keep), (r2 & keep) | (s2 & ~keep), (r3 & keep) | (s3 & ~keep));
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

    // a·b + t + carry, returning the low word and leaving the high word in carry (it cannot overflow 128 bits).
    private static ulong MulAdd(ulong a, ulong b, ulong t, ref ulong carry)
    {
        var product = (UInt128)a * b + t + carry;
        carry = (ulong)(product >> 64);
        return (ulong)product;
    }

    private static Fr FromLimbs(ulong[] limbs) => new(limbs[0], limbs[1], limbs[2], limbs[3]);

    private static ulong[] Limbs(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return [BitConverter.ToUInt64(bytes, 0), BitConverter.ToUInt64(bytes, 8), BitConverter.ToUInt64(bytes, 16), BitConverter.ToUInt64(bytes, 24)];
    }

    private static ulong ComputeNPrime(ulong n0)
    {
        ulong inverse = 1;
        for (var i = 0; i < 6; i++) inverse *= 2 - n0 * inverse; // Newton: doubles the correct bits each round
        return 0 - inverse;
    }
}
