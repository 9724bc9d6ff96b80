using System.Numerics;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Crypto.Snarkjs;

/// <summary>One non-zero entry of the QAP's A (matrix 0) or B (matrix 1): constraint row, signal, value.</summary>
public readonly record struct QapCoefficient(int Matrix, int Constraint, int Signal, Fr Value);

/// <summary>A Groth16 proving key, as in a snarkjs .zkey file.</summary>
public sealed class ProvingKey
{
    public required int VariableCount { get; init; }

    public required int PublicInputCount { get; init; }

    public required int DomainSize { get; init; }

    public required JacobianPoint<Fq> Alpha1 { get; init; }

    public required JacobianPoint<Fq> Beta1 { get; init; }

    public required JacobianPoint<Fq2> Beta2 { get; init; }

    public required JacobianPoint<Fq2> Gamma2 { get; init; }

    public required JacobianPoint<Fq> Delta1 { get; init; }

    public required JacobianPoint<Fq2> Delta2 { get; init; }

    public required IReadOnlyList<JacobianPoint<Fq>> IC { get; init; }

    public required IReadOnlyList<QapCoefficient> Coefficients { get; init; }

    public required JacobianPoint<Fq>[] A { get; init; }

    public required JacobianPoint<Fq>[] B1 { get; init; }

    public required JacobianPoint<Fq2>[] B2 { get; init; }

    /// <summary>One point per private signal (signals PublicInputCount + 1 onwards).</summary>
    public required JacobianPoint<Fq>[] C { get; init; }

    /// <summary>One point per evaluation of A·B − C on snarkjs's odd coset of the domain.</summary>
    public required JacobianPoint<Fq>[] H { get; init; }

    public VerifyingKey VerifyingKey => new(Alpha1, Beta2, Gamma2, Delta2, IC);
}

/// <summary>Reads snarkjs .zkey (Groth16 on BN254) and .wtns files.</summary>
public static class SnarkjsBinary
{
    private const int Groth16ProtocolId = 1;

    /// <exception cref="FormatException">Not a Groth16 BN254 .zkey.</exception>
    public static ProvingKey ReadZkey(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var file = new BinFile(bytes, "zkey");
        if (file.Section(1).U32() != Groth16ProtocolId) throw new FormatException("The .zkey is not a Groth16 key.");
        var header = file.Section(2);
        RequireModulus(header, Fq.Modulus, "base");
        RequireModulus(header, Fr.Modulus, "scalar");
        var (nVars, nPublic, domainSize) = ((int)header.U32(), (int)header.U32(), (int)header.U32());
        var (alpha1, beta1, beta2, gamma2, delta1, delta2) = (G1(header), G1(header), G2(header), G2(header), G1(header), G2(header));

        var coefficients = file.Section(4);
        var count = coefficients.Items(coefficients.U32(), 44, "QAP coefficients"); // three u32 and a 32-byte value each
        var coefs = new QapCoefficient[count];
        var rInverseSquared = Fr.FromBigInteger(BigInteger.ModPow(BigInteger.One << 256, Fr.Modulus - 3, Fr.Modulus)); // stored as value·R²
        for (var i = 0; i < count; i++)
        {
            var (matrix, constraint, signal) = ((int)coefficients.U32(), (int)coefficients.U32(), (int)coefficients.U32());
            coefs[i] = new QapCoefficient(matrix, constraint, signal, Fr.FromBigInteger(LittleEndian(coefficients.Take(32))) * rInverseSquared);
        }

        return new ProvingKey
        {
            VariableCount = nVars, PublicInputCount = nPublic, DomainSize = domainSize,
            Alpha1 = alpha1, Beta1 = beta1, Beta2 = beta2, Gamma2 = gamma2, Delta1 = delta1, Delta2 = delta2,
            IC = Points(file.Section(3), (long)nPublic + 1, G1, G1Size),
            Coefficients = coefs,
            A = Points(file.Section(5), nVars, G1, G1Size),
            B1 = Points(file.Section(6), nVars, G1, G1Size),
            B2 = Points(file.Section(7), nVars, G2, G2Size),
            C = Points(file.Section(8), (long)nVars - nPublic - 1, G1, G1Size),
            H = Points(file.Section(9), domainSize, G1, G1Size),
        };
    }

    /// <summary>The witness values of a .wtns file (signal 0 is the constant 1).</summary>
    /// <exception cref="FormatException">Not a BN254 .wtns.</exception>
    public static Fr[] ReadWitness(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var file = new BinFile(bytes, "wtns");
        var header = file.Section(1);
        if (header.U32() != 32 || LittleEndian(header.Take(32)) != Fr.Modulus) throw new FormatException("The .wtns is not over BN254's scalar field.");
        var values = file.Section(2);
        var witness = new Fr[values.Items(header.U32(), 32, "witness values")];
        var count = witness.Length;
        for (var i = 0; i < count; i++)
        {
            if (!Fr.TryFromLittleEndian(values.Take(32), out witness[i])) throw new FormatException($"Witness value {i} is not below r.");
        }
        return witness;
    }

    /// <summary>Writes a .zkey that snarkjs reads (groth16 prove, zkey export verificationkey).</summary>
    public static byte[] WriteZkey(ProvingKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var writer = new BinFileWriter("zkey", version: 1);
        writer.Section(1, w => w.U32(Groth16ProtocolId));
        writer.Section(2, w =>
        {
            w.U32(32);
            w.Bytes(LittleEndianBytes(Fq.Modulus));
            w.U32(32);
            w.Bytes(LittleEndianBytes(Fr.Modulus));
            w.U32((uint)key.VariableCount);
            w.U32((uint)key.PublicInputCount);
            w.U32((uint)key.DomainSize);
            WriteG1(w, key.Alpha1);
            WriteG1(w, key.Beta1);
            WriteG2(w, key.Beta2);
            WriteG2(w, key.Gamma2);
            WriteG1(w, key.Delta1);
            WriteG2(w, key.Delta2);
        });
        writer.Section(3, w => { foreach (var p in key.IC) WriteG1(w, p); });
        var rSquared = Fr.FromBigInteger(BigInteger.ModPow(BigInteger.One << 256, 2, Fr.Modulus));
        writer.Section(4, w =>
        {
            w.U32((uint)key.Coefficients.Count);
            foreach (var c in key.Coefficients)
            {
                w.U32((uint)c.Matrix);
                w.U32((uint)c.Constraint);
                w.U32((uint)c.Signal);
                w.Bytes(LittleEndianBytes((c.Value * rSquared).ToBigInteger()));
            }
        });
        writer.Section(5, w => { foreach (var p in key.A) WriteG1(w, p); });
        writer.Section(6, w => { foreach (var p in key.B1) WriteG1(w, p); });
        writer.Section(7, w => { foreach (var p in key.B2) WriteG2(w, p); });
        writer.Section(8, w => { foreach (var p in key.C) WriteG1(w, p); });
        writer.Section(9, w => { foreach (var p in key.H) WriteG1(w, p); });
        writer.Section(10, w =>
        {
            w.Bytes(new byte[64]); // circuit hash: not computed by our development setup
            w.U32(0);              // no phase-2 contributions
        });
        return writer.ToArray();
    }

    private static void WriteG1(BinFileWriter w, JacobianPoint<Fq> point)
    {
        if (point.ToAffine() is not var (x, y)) (x, y) = (Fq.Zero, Fq.Zero);
        w.Bytes(MontgomeryBytes(x));
        w.Bytes(MontgomeryBytes(y));
    }

    private static void WriteG2(BinFileWriter w, JacobianPoint<Fq2> point)
    {
        if (point.ToAffine() is not var (x, y)) (x, y) = (Fq2.Zero, Fq2.Zero);
        foreach (var c in new[] { x.A, x.B, y.A, y.B }) w.Bytes(MontgomeryBytes(c));
    }

    private static byte[] MontgomeryBytes(Fq value)
    {
        var bytes = new byte[32];
        value.WriteMontgomeryBytes(bytes);
        return bytes;
    }

    private static byte[] LittleEndianBytes(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    private static void RequireModulus(SectionReader header, BigInteger expected, string which)
    {
        if (header.U32() != 32 || LittleEndian(header.Take(32)) != expected) throw new FormatException($"The .zkey's {which} field is not BN254's.");
    }

    /// <summary>Affine points as the file stores them: two (G1) or four (G2) 32-byte coordinates.</summary>
    private const int G1Size = 64, G2Size = 128;

    private static T[] Points<T>(SectionReader section, long count, Func<SectionReader, T> read, int size)
    {
        var points = new T[section.Items(count, size, "points")];
        for (var i = 0; i < points.Length; i++) points[i] = read(section);
        return points;
    }

    // Points are affine, coordinates little-endian in Montgomery form; (0, 0) is infinity.
    private static JacobianPoint<Fq> G1(SectionReader s)
    {
        var (x, y) = (Montgomery(s.Take(32)), Montgomery(s.Take(32)));
        return x.IsZero && y.IsZero ? JacobianPoint<Fq>.Infinity : JacobianPoint<Fq>.FromAffine(x, y);
    }

    private static JacobianPoint<Fq2> G2(SectionReader s)
    {
        var x = new Fq2(Montgomery(s.Take(32)), Montgomery(s.Take(32)));
        var y = new Fq2(Montgomery(s.Take(32)), Montgomery(s.Take(32)));
        return x.IsZero && y.IsZero ? JacobianPoint<Fq2>.Infinity : JacobianPoint<Fq2>.FromAffine(x, y);
    }

    private static Fq Montgomery(ReadOnlySpan<byte> bytes) =>
        Fq.TryFromMontgomeryBytes(bytes, out var value) ? value : throw new FormatException("A .zkey coordinate is not below the base field's modulus p.");

    private static BigInteger LittleEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);
}
