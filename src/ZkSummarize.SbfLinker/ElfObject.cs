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
internal sealed record ElfRelocation(int Offset, uint Type, int Symbol);

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

    public IEnumerable<ElfRelocation> Relocations(ElfSection rel)
    {
        for (var at = rel.Offset; at < rel.Offset + rel.Size; at += 16)
        {
            var info = BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at + 8));
            yield return new ElfRelocation((int)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at)), (uint)info, (int)(info >> 32));
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
        var sectionTable = (int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3E..]);

        var raw = new List<(uint Name, uint Type, ulong Flags, int Offset, int Size, uint Link, uint Info, ulong Align, int EntrySize)>();
        for (var i = 0; i < sectionCount; i++)
        {
            var h = span.Slice(sectionTable + i * 64, 64);
            raw.Add((BinaryPrimitives.ReadUInt32LittleEndian(h), BinaryPrimitives.ReadUInt32LittleEndian(h[4..]), BinaryPrimitives.ReadUInt64LittleEndian(h[8..]),
                (int)BinaryPrimitives.ReadUInt64LittleEndian(h[24..]), (int)BinaryPrimitives.ReadUInt64LittleEndian(h[32..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[40..]), BinaryPrimitives.ReadUInt32LittleEndian(h[44..]), BinaryPrimitives.ReadUInt64LittleEndian(h[48..]),
                (int)BinaryPrimitives.ReadUInt64LittleEndian(h[56..])));
        }
        var names = raw[namesIndex];
        var sections = raw.Select((s, i) => new ElfSection(i, CString(bytes, names.Offset + (int)s.Name), s.Type, s.Flags, s.Offset, s.Size, s.Link, s.Info, s.Align)).ToList();

        var symbols = new List<ElfSymbol>();
        var symtab = sections.FirstOrDefault(s => s.Type == ElfSection.SymTab)
            ?? throw new SbfLinkException("The object has no symbol table.");
        var strtab = sections[(int)symtab.Link];
        for (var at = symtab.Offset; at < symtab.Offset + symtab.Size; at += 24)
        {
            symbols.Add(new ElfSymbol(CString(bytes, strtab.Offset + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[at..])), bytes[at + 4],
                BinaryPrimitives.ReadUInt16LittleEndian(span[(at + 6)..]), BinaryPrimitives.ReadUInt64LittleEndian(span[(at + 8)..])));
        }
        return new ElfObject(bytes, sections, symbols);
    }

    private static string CString(byte[] bytes, int start)
    {
        var end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}

/// <summary>An object the linker cannot turn into a program the loader accepts, with what to change.</summary>
public sealed class SbfLinkException(string message) : Exception(message);
