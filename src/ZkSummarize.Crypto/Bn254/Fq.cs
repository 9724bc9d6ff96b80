using Field = ZkSummarize.Crypto.Bn254.Montgomery<ZkSummarize.Crypto.Bn254.BaseModulus>;
using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>
/// An element of BN254's base field, p = 21888242871839275222246405745257275088696311157297823662689037894645226208583:
/// the coordinates of curve points. Montgomery form (<see cref="Montgomery{TModulus}"/>).
/// </summary>
public readonly struct Fq : IEquatable<Fq>, IFieldElement<Fq>
{
    public static readonly BigInteger Modulus = BaseModulus.Value;

    private readonly Limbs _value;

    private Fq(Limbs value) => _value = value;

    public static Fq Zero => default;

    public static Fq One { get; } = new(Field.One);

    public bool IsZero => _value.IsZero;

    public static Fq FromBigInteger(BigInteger value) => new(Field.ToMontgomery(value));

    public static bool TryFromBytesBigEndian(ReadOnlySpan<byte> bytes, out Fq value)
    {
        var ok = FieldBytes.TryRead(bytes, Modulus, out var integer);
        value = ok ? FromBigInteger(integer) : default;
        return ok;
    }

    public BigInteger ToBigInteger() => Field.FromMontgomery(_value);

    /// <summary>
    /// The element whose Montgomery form (a·2^256 mod p) is these 32 little-endian bytes, as snarkjs
    /// stores coordinates in .zkey files; false when they are not below p.
    /// </summary>
    internal static bool TryFromMontgomeryBytes(ReadOnlySpan<byte> bytes, out Fq value)
    {
        var limbs = Limbs.ReadLittleEndian(bytes);
        value = new Fq(limbs);
        return limbs.IsBelow(Field.Modulus);
    }

    /// <summary>The element whose Montgomery form is these limbs (which must be below p).</summary>
    internal static Fq FromMontgomeryLimbs(Limbs limbs) => new(limbs);

    /// <summary>The value itself (not its Montgomery form) as four little-endian 64-bit words.</summary>
    internal Limbs ToCanonicalLimbs() => Field.ToCanonical(_value);

    /// <summary>A square root (p ≡ 3 mod 4, so a^((p+1)/4)), or null when there is none.</summary>
    public Fq? Sqrt()
    {
        var root = Pow(SqrtExponent);
        return root.Square() == this ? root : null;
    }

    private static readonly BigInteger SqrtExponent = (Modulus + 1) / 4;

    /// <summary>The Montgomery form as 32 little-endian bytes (the inverse of <see cref="TryFromMontgomeryBytes"/>).</summary>
    internal void WriteMontgomeryBytes(Span<byte> bytes) => _value.WriteLittleEndian(bytes);

    public byte[] ToBytesBigEndian() => FieldBytes.Write(ToBigInteger());

    public static Fq operator +(Fq a, Fq b) => new(Field.Add(a._value, b._value));

    public static Fq operator -(Fq a, Fq b) => new(Field.Sub(a._value, b._value));

    public static Fq operator -(Fq a) => new(Field.Sub(default, a._value));

    public static Fq operator *(Fq a, Fq b) => new(Field.Mul(a._value, b._value));

    public Fq Square() => this * this;

    public Fq Pow(BigInteger exponent) => Exponentiation.Pow(this, exponent);

    /// <exception cref="DivideByZeroException">Zero has no inverse.</exception>
    public Fq Inverse() => IsZero ? throw new DivideByZeroException("Zero has no inverse in Fq.") : Pow(Modulus - 2);

    public bool Equals(Fq other) => _value.ConstantTimeEquals(other._value);

    public override bool Equals(object? obj) => obj is Fq other && Equals(other);

    public override int GetHashCode() => _value.GetHashCode();

    public static bool operator ==(Fq a, Fq b) => a.Equals(b);

    public static bool operator !=(Fq a, Fq b) => !a.Equals(b);

    public override string ToString() => ToBigInteger().ToString();
}
