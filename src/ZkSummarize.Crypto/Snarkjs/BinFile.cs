using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ZkSummarize.Crypto.Snarkjs;

/// <summary>
/// iden3's binary container (used by .zkey, .wtns, .r1cs, .ptau): a 4-byte magic, a u32 version, a
/// u32 section count, then sections of (u32 type, u64 size, data). All integers little-endian.
/// </summary>
internal sealed class BinFile
{
    private readonly byte[] _bytes;
    private readonly Dictionary<int, (int Offset, int Length)> _sections = [];

    /// <exception cref="FormatException">Not a file of that type, or truncated.</exception>
    public BinFile(byte[] bytes, string magic)
    {
        _bytes = bytes;
        using var stream = new MemoryStream(bytes, writable: false);
        var table = ReadSectionTable(stream, magic);
        Version = table.Version;
        foreach (var (type, bounds) in table.Sections) _sections.Add(type, ((int)bounds.Offset, (int)bounds.Length));
    }

    /// <summary>
    /// The version and the sections' places (offset of the data, length) of a file read from
    /// <paramref name="stream"/>, which must be seekable: only the 12-byte section headers are read.
    /// </summary>
    /// <exception cref="FormatException">Not a file of that type, or truncated.</exception>
    public static (int Version, IReadOnlyDictionary<int, (long Offset, long Length)> Sections) ReadSectionTable(Stream stream, string magic)
    {
        Span<byte> head = stackalloc byte[12];
        if (stream.Length < 12 || stream.ReadAtLeast(head, 12, throwOnEndOfStream: false) < 12 || Encoding.ASCII.GetString(head[..4]) != magic)
        {
            throw new FormatException($"Not a .{magic} file (the first four bytes are not \"{magic}\").");
        }
        var version = BinaryPrimitives.ReadInt32LittleEndian(head[4..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
        var sections = new Dictionary<int, (long Offset, long Length)>();
        var position = 12L;
        for (var i = 0; i < count; i++)
        {
            if (position + 12 > stream.Length) throw new FormatException($"The .{magic} file is truncated in its section table.");
            stream.Position = position;
            stream.ReadExactly(head);
            var type = BinaryPrimitives.ReadInt32LittleEndian(head);
            var size = BinaryPrimitives.ReadInt64LittleEndian(head[4..]);
            position += 12;
            if (size < 0 || size > int.MaxValue || position + size > stream.Length) throw new FormatException($"Section {type} of the .{magic} file runs past its end.");
            if (!sections.TryAdd(type, (position, size))) throw new FormatException($"Section {type} appears twice in the .{magic} file.");
            position += size;
        }
        return (version, sections);
    }

    public int Version { get; }

    /// <summary>The whole file.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    public bool HasSection(int type) => _sections.ContainsKey(type);

    /// <summary>Where a section's data starts in <see cref="Bytes"/>, and its length.</summary>
    /// <exception cref="FormatException">The section is missing.</exception>
    public (int Offset, int Length) Bounds(int type) => _sections.TryGetValue(type, out var s) ? s : throw new FormatException($"Section {type} is missing.");

    /// <exception cref="FormatException">The section is missing.</exception>
    public SectionReader Section(int type) => _sections.TryGetValue(type, out var s)
        ? new SectionReader(_bytes.AsMemory(s.Offset, s.Length))
        : throw new FormatException($"Section {type} is missing.");
}

/// <summary>Reads a section front to back.</summary>
internal sealed class SectionReader(ReadOnlyMemory<byte> data)
{
    private int _position;

    public int Remaining => data.Length - _position;

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>
    /// A count the file states, checked against the bytes left for its items (each at least
    /// <paramref name="bytesEach"/>) before anything is allocated for it: a damaged file cannot ask for
    /// gigabytes (found by fuzzing).
    /// </summary>
    /// <exception cref="FormatException">The items cannot fit in what is left of the section.</exception>
    public int Items(long count, int bytesEach, string what) =>
        count >= 0 && count * bytesEach <= Remaining ? (int)count
            : throw new FormatException($"The file states {count} {what}, which do not fit in the {Remaining} bytes left of their section.");

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining) throw new FormatException("A section ends before its data does.");
        var span = data.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}

/// <summary>Writes iden3's binary container.</summary>
internal sealed class BinFileWriter
{
    private readonly ArrayBufferWriter<byte> _file = new();
    private ArrayBufferWriter<byte> _current;
    private int _sections;

    public BinFileWriter(string magic, int version)
    {
        _current = _file;
        Bytes(Encoding.ASCII.GetBytes(magic));
        U32((uint)version);
        U32(0); // the section count, filled in by ToArray
    }

    /// <summary>Writes one section: its type, its size and what <paramref name="write"/> puts in it.</summary>
    public void Section(int type, Action<BinFileWriter> write)
    {
        var body = new ArrayBufferWriter<byte>();
        _current = body;
        write(this);
        _current = _file;
        U32((uint)type);
        Span<byte> size = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)body.WrittenCount);
        Bytes(size);
        Bytes(body.WrittenSpan);
        _sections++;
    }

    public void U32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Bytes(bytes);
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => _current.Write(bytes);

    public byte[] ToArray()
    {
        var bytes = _file.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)_sections);
        return bytes;
    }
}
