using System.Buffers.Binary;
using System.Text;

namespace ZkSummarize.SbfLinker;

/// <summary>A section of the input object.</summary>
internal sealed record ElfSection(int Index, string Name, uint Type, ulong Flags, int Offset, int Size, uint Link, uint Info, ulong Alignment)
{
    public const uint ProgBits = 1, SymTab = 2, StrTab = 3, Rel = 9, NoBits = 8;
    public const ulong Write = 1, Alloc = 2, Exec = 4;

    public bool IsAlloc => (Flags & Alloc) != 0;
    public bool IsWritable => (Flags & Write) != 0;
    public bool IsExecutable => (Flags & Exec) != 0;
}

/// <summary>A symbol of the input object (st_shndx 0 is undefined: a syscall).</summary>
internal sealed record ElfSymbol(string Name, byte Info, int SectionIndex, ulong Value)
{
    public bool IsSection => (Info & 0xF) == 3;
}

/// <summary>A REL relocation: where, which type, against which symbol.</summary>
internal sealed record ElfRelocation(ulong Offset, uint Type, int Symbol);

/// <summary>The parts of an ELF64 relocatable BPF object (clang -target bpf -c) the linker needs.</summary>
internal sealed class ElfObject
{
    private const ushort RelocatableType = 1, BpfMachine = 247;

    private ElfObject(byte[] bytes, List<ElfSection> sections, List<ElfSymbol> symbols)
    {
        Bytes = bytes;
        Sections = sections;
        Symbols = symbols;
    }

    public byte[] Bytes { get; }

    public IReadOnlyList<ElfSection> Sections { get; }

    public IReadOnlyList<ElfSymbol> Symbols { get; }

    public ReadOnlySpan<byte> Data(ElfSection section) => section.Type == ElfSection.NoBits ? new byte[section.Size] : Bytes.AsSpan(section.Offset, section.Size);

    /// <exception cref="SbfLinkException">A relocation names a symbol the object does not have.</exception>
    public IEnumerable<ElfRelocation> Relocations(ElfSection rel)
    {
        for (var at = rel.Offset; at < rel.Offset + rel.Size; at += 16)
        {
            var info = BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at + 8));
            var symbol = info >> 32;
            if (symbol >= (ulong)Symbols.Count) throw new SbfLinkException($"A relocation in {rel.Name} names symbol {symbol}, but the object has {Symbols.Count}.");
            yield return new ElfRelocation(BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at)), (uint)info, (int)symbol);
        }
    }

    /// <exception cref="SbfLinkException">Not a little-endian ELF64 relocatable BPF object.</exception>
    public static ElfObject Parse(byte[] bytes)
    {
        if (bytes.Length < 64 || bytes[0] != 0x7F || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F')
        {
            throw new SbfLinkException("The input is not an ELF file. Pass the .o that `clang -target bpf -c` wrote.");
        }
        if (bytes[4] != 2 || bytes[5] != 1) throw new SbfLinkException("The input is not a little-endian 64-bit ELF file.");
        var span = bytes.AsSpan();
        var type = BinaryPrimitives.ReadUInt16LittleEndian(span[16..]);
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(span[18..]);
        if (type != RelocatableType || machine != BpfMachine)
        {
            throw new SbfLinkException($"The input is ELF type {type} for machine {machine}; expected a relocatable object (1) for BPF (247). Compile with `clang -target bpf -c`.");
        }
        // Every offset, size, index and alignment is checked against the file before it is used: a damaged or
        // hostile object gets an SbfLinkException, never an exception from deep in the linker (found by fuzzing).
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var sectionTable = Within(bytes, BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]), (ulong)sectionCount * 64, "The section header table").Offset;
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3E..]);
        if (namesIndex >= sectionCount) throw new SbfLinkException($"The section-name table is section {namesIndex}, but the object has {sectionCount} sections.");

        var raw = new List<(uint Name, uint Type, ulong Flags, int Offset, int Size, uint Link, uint Info, ulong Align)>();
        for (var i = 0; i < sectionCount; i++)
        {
            var h = span.Slice(sectionTable + i * 64, 64);
            var kind = BinaryPrimitives.ReadUInt32LittleEndian(h[4..]);
            var (offset, size) = kind == ElfSection.NoBits
                ? (0, NoBitsSize(BinaryPrimitives.ReadUInt64LittleEndian(h[32..]), i))
                : Within(bytes, BinaryPrimitives.ReadUInt64LittleEndian(h[24..]), BinaryPrimitives.ReadUInt64LittleEndian(h[32..]), $"Section {i}");
            var alignment = BinaryPrimitives.ReadUInt64LittleEndian(h[48..]);
            if (alignment > MaxAlignment || (alignment & (alignment - 1)) != 0) throw new SbfLinkException($"Section {i} asks for an alignment of {alignment}; it must be a power of two up to {MaxAlignment}.");
            if (kind == ElfSection.Rel && size % 16 != 0) throw new SbfLinkException($"Relocation section {i} is {size} bytes, not a whole number of 16-byte REL entries.");
            raw.Add((BinaryPrimitives.ReadUInt32LittleEndian(h), kind, BinaryPrimitives.ReadUInt64LittleEndian(h[8..]), offset, size,
                BinaryPrimitives.ReadUInt32LittleEndian(h[40..]), BinaryPrimitives.ReadUInt32LittleEndian(h[44..]), alignment));
        }
        var names = raw[namesIndex];
        var sections = raw.Select((s, i) => new ElfSection(i, CString(bytes, names.Offset, names.Size, s.Name, "section name"), s.Type, s.Flags, s.Offset, s.Size, s.Link, s.Info, s.Align)).ToList();

        var symbols = new List<ElfSymbol>();
        var symtab = sections.FirstOrDefault(s => s.Type == ElfSection.SymTab)
            ?? throw new SbfLinkException("The object has no symbol table.");
        if (symtab.Link >= sectionCount || symtab.Size % 24 != 0) throw new SbfLinkException("The symbol table is damaged: its string table or its size is wrong.");
        var strtab = sections[(int)symtab.Link];
        for (var at = symtab.Offset; at < symtab.Offset + symtab.Size; at += 24)
        {
            symbols.Add(new ElfSymbol(CString(bytes, strtab.Offset, strtab.Size, BinaryPrimitives.ReadUInt32LittleEndian(span[at..]), "symbol name"), bytes[at + 4],
                BinaryPrimitives.ReadUInt16LittleEndian(span[(at + 6)..]), BinaryPrimitives.ReadUInt64LittleEndian(span[(at + 8)..])));
        }
        return new ElfObject(bytes, sections, symbols);
    }

    /// <summary>The most any section may ask to be aligned to (clang asks 8 at most).</summary>
    private const ulong MaxAlignment = 4096;

    /// <summary>The most an uninitialised section may claim (it takes no room in the file, only in memory).</summary>
    private const int MaxNoBitsSize = 1 << 20;

    /// <summary>Offset and size, checked to lie in the file.</summary>
    private static (int Offset, int Size) Within(byte[] bytes, ulong offset, ulong size, string what) =>
        offset <= (ulong)bytes.Length && size <= (ulong)bytes.Length - offset ? ((int)offset, (int)size)
            : throw new SbfLinkException($"{what} ({size} bytes at offset {offset}) lies outside the {bytes.Length}-byte file.");

    private static int NoBitsSize(ulong size, int index) =>
        size <= MaxNoBitsSize ? (int)size : throw new SbfLinkException($"Section {index} claims {size} bytes of uninitialised data, more than {MaxNoBitsSize}.");

    /// <summary>The NUL-terminated string at <paramref name="index"/> of a string table, which it must not run past.</summary>
    private static string CString(byte[] bytes, int table, int tableSize, uint index, string what)
    {
        var end = index < (uint)tableSize ? Array.IndexOf(bytes, (byte)0, table + (int)index, tableSize - (int)index) : -1;
        if (end < 0) throw new SbfLinkException($"A {what} (at {index} in a {tableSize}-byte string table) runs past its table.");
        return Encoding.ASCII.GetString(bytes, table + (int)index, end - table - (int)index);
    }
}

/// <summary>An object the linker cannot turn into a program the loader accepts, with what to change.</summary>
public sealed class SbfLinkException(string message) : Exception(message);
