using System.Buffers.Binary;
using System.Numerics;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Crypto.Snarkjs;

/// <summary>One non-zero entry of the QAP's A (matrix 0) or B (matrix 1): constraint row, signal, value.</summary>
public readonly record struct QapCoefficient(int Matrix, int Constraint, int Signal, Fr Value);

/// <summary>A Groth16 proving key, as in a snarkjs .zkey file.</summary>
public sealed class ProvingKey : IProverKey
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

    void IProverKey.EvaluateQap(ReadOnlySpan<Fr> witness, Span<Fr> a, Span<Fr> b)
    {
        foreach (var coefficient in Coefficients)
        {
            var target = coefficient.Matrix == 0 ? a : b;
            target[coefficient.Constraint] += coefficient.Value * witness[coefficient.Signal];
        }
    }

    JacobianPoint<Fq> IProverKey.Msm(G1Query query, ReadOnlySpan<Fr> scalars) => Groth16.Msm.Compute<Fq>(query switch
    {
        G1Query.A => A,
        G1Query.B1 => B1,
        G1Query.C => C,
        G1Query.H => H,
        _ => throw new ArgumentOutOfRangeException(nameof(query)),
    }, scalars);

    JacobianPoint<Fq2> IProverKey.MsmB2(ReadOnlySpan<Fr> scalars) => Groth16.Msm.Compute<Fq2>(B2, scalars);
}

/// <summary>The .zkey's header section (2): the sizes and the fixed points of the key.</summary>
internal sealed record ZkeyHeader(
    int VariableCount, int PublicInputCount, int DomainSize,
    JacobianPoint<Fq> Alpha1, JacobianPoint<Fq> Beta1, JacobianPoint<Fq2> Beta2, JacobianPoint<Fq2> Gamma2,
    JacobianPoint<Fq> Delta1, JacobianPoint<Fq2> Delta2)
{
    /// <summary>The bytes each query's points take in the file, and how many points it must have.</summary>
    public IEnumerable<(int Section, long Points, int Size)> PointSections =>
    [
        (3, (long)PublicInputCount + 1, SnarkjsBinary.G1Size),
        (5, VariableCount, SnarkjsBinary.G1Size),
        (6, VariableCount, SnarkjsBinary.G1Size),
        (7, VariableCount, SnarkjsBinary.G2Size),
        (8, (long)VariableCount - PublicInputCount - 1, SnarkjsBinary.G1Size),
        (9, DomainSize, SnarkjsBinary.G1Size),
    ];
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
        var header = ReadHeader(file.Section(2));

        var coefficients = file.Section(4);
        var count = coefficients.Items(coefficients.U32(), CoefficientSize, "QAP coefficients");
        var coefs = new QapCoefficient[count];
        for (var i = 0; i < count; i++) coefs[i] = ReadCoefficient(coefficients.Take(CoefficientSize), header);

        return new ProvingKey
        {
            VariableCount = header.VariableCount, PublicInputCount = header.PublicInputCount, DomainSize = header.DomainSize,
            Alpha1 = header.Alpha1, Beta1 = header.Beta1, Beta2 = header.Beta2, Gamma2 = header.Gamma2, Delta1 = header.Delta1, Delta2 = header.Delta2,
            IC = Points(file.Section(3), (long)header.PublicInputCount + 1, G1, G1Size),
            Coefficients = coefs,
            A = Points(file.Section(5), header.VariableCount, G1, G1Size),
            B1 = Points(file.Section(6), header.VariableCount, G1, G1Size),
            B2 = Points(file.Section(7), header.VariableCount, G2, G2Size),
            C = Points(file.Section(8), (long)header.VariableCount - header.PublicInputCount - 1, G1, G1Size),
            H = Points(file.Section(9), header.DomainSize, G1, G1Size),
        };
    }

    /// <summary>
    /// Opens a .zkey for one proof, read from the file as the prover goes instead of held in memory
    /// (what a one-shot `zks groth16 prove` needs). The header and every section's size are checked here.
    /// </summary>
    /// <exception cref="FormatException">Not a Groth16 BN254 .zkey, or a section is too short.</exception>
    public static StreamedZkey OpenZkey(string path) => StreamedZkey.Open(path);

    /// <summary>The header section (2), checked: BN254's two fields, sizes that fit each other.</summary>
    internal static ZkeyHeader ReadHeader(SectionReader header)
    {
        RequireModulus(header, Fq.Modulus, "base");
        RequireModulus(header, Fr.Modulus, "scalar");
        var (nVars, nPublic, domainSize) = (header.U32(), header.U32(), header.U32());
        // The prover moves to the odd coset with a root of unity of order 2·domain, which must exist in Fr.
        if (nVars is 0 or > int.MaxValue || nPublic >= nVars || domainSize is 0 or > 1u << (Ntt.MaxLog2 - 1) || !BitOperations.IsPow2(domainSize))
        {
            throw new FormatException($"The .zkey's header states {nVars} signals, {nPublic} public inputs and a domain of {domainSize}, which do not fit together.");
        }
        return new ZkeyHeader((int)nVars, (int)nPublic, (int)domainSize, G1(header), G1(header), G2(header), G2(header), G1(header), G2(header));
    }

    /// <summary>Three u32 (matrix, constraint row, signal) and a 32-byte value, per QAP coefficient.</summary>
    internal const int CoefficientSize = 44;

    // A value v is stored as the integer v·R² mod r (snarkjs applies the Montgomery map twice): read as
    // a Montgomery form it is the element v·R, and one multiplication by R⁻¹ gives v.
    private static readonly Fr RInverse = Fr.FromBigInteger(BigInteger.ModPow(BigInteger.One << 256, Fr.Modulus - 2, Fr.Modulus));

    /// <exception cref="FormatException">The coefficient points outside the key's matrices, or its value is not below r.</exception>
    internal static QapCoefficient ReadCoefficient(ReadOnlySpan<byte> record, ZkeyHeader header)
    {
        var matrix = BinaryPrimitives.ReadUInt32LittleEndian(record);
        var constraint = BinaryPrimitives.ReadUInt32LittleEndian(record[4..]);
        var signal = BinaryPrimitives.ReadUInt32LittleEndian(record[8..]);
        if (matrix > 1 || constraint >= header.DomainSize || signal >= header.VariableCount)
        {
            throw new FormatException($"A QAP coefficient of the .zkey (matrix {matrix}, row {constraint}, signal {signal}) lies outside its 2 matrices, {header.DomainSize} rows and {header.VariableCount} signals.");
        }
        if (!Fr.TryFromMontgomeryBytes(record[12..CoefficientSize], out var stored)) throw new FormatException("A QAP coefficient of the .zkey is not below r.");
        return new QapCoefficient((int)matrix, (int)constraint, (int)signal, stored * RInverse);
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
    internal const int G1Size = 64, G2Size = 128;

    private static T[] Points<T>(SectionReader section, long count, Func<SectionReader, T> read, int size)
    {
        var points = new T[section.Items(count, size, "points")];
        for (var i = 0; i < points.Length; i++) points[i] = read(section);
        return points;
    }

    private static JacobianPoint<Fq> G1(SectionReader s) => TryReadG1(s.Take(G1Size), out var x, out var y) ? JacobianPoint<Fq>.FromAffine(x, y) : JacobianPoint<Fq>.Infinity;

    private static JacobianPoint<Fq2> G2(SectionReader s) => TryReadG2(s.Take(G2Size), out var x, out var y) ? JacobianPoint<Fq2>.FromAffine(x, y) : JacobianPoint<Fq2>.Infinity;

    // Points are affine, coordinates little-endian in Montgomery form; (0, 0) is infinity (false).
    internal static bool TryReadG1(ReadOnlySpan<byte> bytes, out Fq x, out Fq y)
    {
        (x, y) = (Montgomery(bytes[..32]), Montgomery(bytes[32..64]));
        return !(x.IsZero && y.IsZero);
    }

    internal static bool TryReadG2(ReadOnlySpan<byte> bytes, out Fq2 x, out Fq2 y)
    {
        x = new Fq2(Montgomery(bytes[..32]), Montgomery(bytes[32..64]));
        y = new Fq2(Montgomery(bytes[64..96]), Montgomery(bytes[96..128]));
        return !(x.IsZero && y.IsZero);
    }

    private static Fq Montgomery(ReadOnlySpan<byte> bytes) =>
        Fq.TryFromMontgomeryBytes(bytes, out var value) ? value : throw new FormatException("A .zkey coordinate is not below the base field's modulus p.");

    private static BigInteger LittleEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);
}
