using Field = ZkSummarize.Crypto.Bn254.Montgomery<ZkSummarize.Crypto.Bn254.ScalarModulus>;
using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>
/// An element of BN254's scalar field (the field of circom circuits, Poseidon and Groth16 witnesses), of
/// prime order r = 21888242871839275222246405745257275088548364400416034343698204186575808495617.
/// Montgomery form in four 64-bit limbs (<see cref="Montgomery{TModulus}"/>).
/// </summary>
public readonly struct Fr : IEquatable<Fr>, IFieldElement<Fr>
{
    public static readonly BigInteger Modulus = ScalarModulus.Value;

    private readonly Limbs _value;

    private Fr(Limbs value) => _value = value;

    public static Fr Zero => default;

    public static Fr One { get; } = new(Field.One);

    public bool IsZero => _value.IsZero;

    /// <summary>The element congruent to <paramref name="value"/> (any integer, reduced mod r).</summary>
    public static Fr FromBigInteger(BigInteger value) => new(Field.ToMontgomery(value));

    public static Fr FromUInt64(ulong value) => new(Field.Mul(new Limbs(value, 0, 0, 0), Field.R2));

    /// <exception cref="ArgumentException">Not 32 bytes, or not below r.</exception>
    public static Fr FromBytesBigEndian(ReadOnlySpan<byte> bytes) => TryFromBytesBigEndian(bytes, out var value)
        ? value
        : throw new ArgumentException("A BN254 scalar is 32 big-endian bytes below the field modulus r.", nameof(bytes));

    public static bool TryFromBytesBigEndian(ReadOnlySpan<byte> bytes, out Fr value)
    {
        var ok = FieldBytes.TryRead(bytes, Modulus, out var integer);
        value = ok ? FromBigInteger(integer) : default;
        return ok;
    }

    public BigInteger ToBigInteger() => Field.FromMontgomery(_value);

    /// <summary>The element of these 32 little-endian bytes (as .wtns files store values); false when they are not below r.</summary>
    internal static bool TryFromLittleEndian(ReadOnlySpan<byte> bytes, out Fr value)
    {
        var limbs = Limbs.ReadLittleEndian(bytes);
        value = new Fr(Field.Mul(limbs, Field.R2));
        return limbs.IsBelow(Field.Modulus);
    }

    /// <summary>The element whose Montgomery form (a·2^256 mod r) is these 32 little-endian bytes; false when they are not below r.</summary>
    internal static bool TryFromMontgomeryBytes(ReadOnlySpan<byte> bytes, out Fr value)
    {
        var limbs = Limbs.ReadLittleEndian(bytes);
        value = new Fr(limbs);
        return limbs.IsBelow(Field.Modulus);
    }

    /// <summary>The element whose Montgomery form is these limbs (which must be below r).</summary>
    internal static Fr FromMontgomeryLimbs(Limbs limbs) => new(limbs);

    /// <summary>The value as four little-endian 64-bit words (what scalar multiplication reads bits from).</summary>
    internal Limbs ToCanonicalLimbs() => Field.ToCanonical(_value);

    public byte[] ToBytesBigEndian() => FieldBytes.Write(ToBigInteger());

    public static Fr operator +(Fr a, Fr b) => new(Field.Add(a._value, b._value));

    public static Fr operator -(Fr a, Fr b) => new(Field.Sub(a._value, b._value));

    public static Fr operator -(Fr a) => new(Field.Sub(default, a._value));

    public static Fr operator *(Fr a, Fr b) => new(Field.Mul(a._value, b._value));

    public Fr Square() => this * this;

    /// <summary>x^5, Poseidon's S-box.</summary>
    public Fr Pow5() => Square().Square() * this;

    public Fr Pow(BigInteger exponent) => Exponentiation.Pow(this, exponent);

    /// <exception cref="DivideByZeroException">Zero has no inverse.</exception>
    public Fr Inverse() => IsZero ? throw new DivideByZeroException("Zero has no inverse in Fr.") : Pow(Modulus - 2);

    public bool Equals(Fr other) => _value.ConstantTimeEquals(other._value);

    public override bool Equals(object? obj) => obj is Fr other && Equals(other);

    public override int GetHashCode() => _value.GetHashCode();

    public static bool operator ==(Fr a, Fr b) => a.Equals(b);

    public static bool operator !=(Fr a, Fr b) => !a.Equals(b);

    public override string ToString() => ToBigInteger().ToString();
}
