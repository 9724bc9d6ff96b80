using System.Buffers;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Crypto.Snarkjs;

/// <summary>
/// A .zkey read from its file while one proof is made, instead of loaded whole: each multi-scalar
/// multiplication needs its query's points once, so they are read in chunks and only those with a
/// non-zero scalar are kept, already in the affine form the MSM works in. A one-shot proof then holds
/// one query at a time, not the key (the 29.5 MB grounding key becomes 30 MB of points in memory; see
/// docs/benchmarks.md). Not thread-safe: one proof at a time.
/// </summary>
public sealed class StreamedZkey : IProverKey, IDisposable
{
    private const int PointsPerRead = 1024;
    private const int Groth16ProtocolId = 1;

    private readonly FileStream _file;
    private readonly IReadOnlyDictionary<int, (long Offset, long Length)> _sections;
    private readonly ZkeyHeader _header;
    private MsmTerms<Fq>? _g1Terms; // the four G1 MSMs share one set of arrays, sized for the largest

    private StreamedZkey(FileStream file, IReadOnlyDictionary<int, (long Offset, long Length)> sections, ZkeyHeader header) =>
        (_file, _sections, _header) = (file, sections, header);

    /// <exception cref="FormatException">Not a Groth16 BN254 .zkey, or a section is missing or too short for the sizes the header states.</exception>
    internal static StreamedZkey Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            var (_, sections) = BinFile.ReadSectionTable(file, "zkey");
            if (Section(file, sections, 1).U32() != Groth16ProtocolId) throw new FormatException("The .zkey is not a Groth16 key.");
            var header = SnarkjsBinary.ReadHeader(Section(file, sections, 2));
            foreach (var (section, points, size) in header.PointSections)
            {
                if (Bounds(sections, section).Length < points * size)
                {
                    throw new FormatException($"Section {section} of the .zkey holds {Bounds(sections, section).Length} bytes, too few for its {points} points: is the file truncated?");
                }
            }
            return new StreamedZkey(file, sections, header);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public int VariableCount => _header.VariableCount;

    public int PublicInputCount => _header.PublicInputCount;

    public int DomainSize => _header.DomainSize;

    public JacobianPoint<Fq> Alpha1 => _header.Alpha1;

    public JacobianPoint<Fq> Beta1 => _header.Beta1;

    public JacobianPoint<Fq2> Beta2 => _header.Beta2;

    public JacobianPoint<Fq> Delta1 => _header.Delta1;

    public JacobianPoint<Fq2> Delta2 => _header.Delta2;

    /// <exception cref="FormatException">The coefficients section is damaged.</exception>
    public void EvaluateQap(ReadOnlySpan<Fr> witness, Span<Fr> a, Span<Fr> b)
    {
        var (offset, length) = Bounds(_sections, 4);
        _file.Position = offset;
        Span<byte> countBytes = stackalloc byte[4];
        _file.ReadExactly(countBytes);
        var count = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(countBytes);
        if ((long)count * SnarkjsBinary.CoefficientSize > length - 4)
        {
            throw new FormatException($"The .zkey states {count} QAP coefficients, which do not fit in the {length - 4} bytes of their section.");
        }
        var buffer = ArrayPool<byte>.Shared.Rent(PointsPerRead * SnarkjsBinary.CoefficientSize);
        try
        {
            for (long left = count; left > 0;)
            {
                var records = NextChunk(buffer, left, SnarkjsBinary.CoefficientSize);
                for (var at = 0; at < records.Length; at += SnarkjsBinary.CoefficientSize)
                {
                    var c = SnarkjsBinary.ReadCoefficient(records.Slice(at, SnarkjsBinary.CoefficientSize), _header);
                    var target = c.Matrix == 0 ? a : b;
                    target[c.Constraint] += c.Value * witness[c.Signal];
                }
                left -= records.Length / SnarkjsBinary.CoefficientSize;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <exception cref="FormatException">A point's coordinate is not below p.</exception>
    public JacobianPoint<Fq> Msm(G1Query query, ReadOnlySpan<Fr> scalars)
    {
        var section = query switch
        {
            G1Query.A => 5,
            G1Query.B1 => 6,
            G1Query.C => 8,
            G1Query.H => 9,
            _ => throw new ArgumentOutOfRangeException(nameof(query)),
        };
        _g1Terms ??= new MsmTerms<Fq>(Math.Max(VariableCount, DomainSize));
        return Groth16.Msm.Compute(Gather(section, scalars, SnarkjsBinary.G1Size, SnarkjsBinary.TryReadG1, _g1Terms));
    }

    /// <exception cref="FormatException">A point's coordinate is not below p.</exception>
    public JacobianPoint<Fq2> MsmB2(ReadOnlySpan<Fr> scalars) =>
        Groth16.Msm.Compute(Gather(7, scalars, SnarkjsBinary.G2Size, SnarkjsBinary.TryReadG2, new MsmTerms<Fq2>(scalars.Length)));

    public void Dispose() => _file.Dispose();

    private delegate bool AffineReader<T>(ReadOnlySpan<byte> bytes, out T x, out T y);

    /// <summary>The points of one query section with a non-zero scalar, read in chunks, in affine form.</summary>
    private MsmTerms<T> Gather<T>(int section, ReadOnlySpan<Fr> scalars, int size, AffineReader<T> read, MsmTerms<T> terms) where T : struct, IFieldElement<T>
    {
        if (scalars.Length > terms.Capacity || scalars.Length > Bounds(_sections, section).Length / size)
        {
            throw new ArgumentException($"{scalars.Length} scalars for the {Bounds(_sections, section).Length / size} points of section {section}.", nameof(scalars));
        }
        terms.Clear();
        _file.Position = Bounds(_sections, section).Offset;
        var buffer = ArrayPool<byte>.Shared.Rent(PointsPerRead * size);
        try
        {
            for (var index = 0; index < scalars.Length;)
            {
                var points = NextChunk(buffer, scalars.Length - index, size);
                for (var at = 0; at < points.Length; at += size, index++)
                {
                    // Every coordinate is checked, as the in-memory reader does, even where the scalar is zero.
                    if (read(points.Slice(at, size), out var x, out var y) && !scalars[index].IsZero) terms.Add(x, y, scalars[index]);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return terms;
    }

    // The next whole records (at most what the buffer holds, at most `left` of them) from the file's position.
    private Span<byte> NextChunk(byte[] buffer, long left, int size)
    {
        var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length / size, left) * size);
        _file.ReadExactly(chunk);
        return chunk;
    }

    private static (long Offset, long Length) Bounds(IReadOnlyDictionary<int, (long Offset, long Length)> sections, int type) =>
        sections.TryGetValue(type, out var bounds) ? bounds : throw new FormatException($"Section {type} of the .zkey is missing.");

    // A small section (protocol, header) read whole.
    private static SectionReader Section(FileStream file, IReadOnlyDictionary<int, (long Offset, long Length)> sections, int type)
    {
        var (offset, length) = Bounds(sections, type);
        var bytes = new byte[length];
        file.Position = offset;
        file.ReadExactly(bytes);
        return new SectionReader(bytes);
    }
}
