using System.Buffers.Binary;
using System.Text;

namespace ZkSummarize.SbfLinker;

/// <summary>
/// Links one relocatable BPF object (clang -target bpf -mcpu=v2 -c) into a Solana program ELF for the
/// SBPF v0 loader (docs/onchain.md):
/// <list type="bullet">
/// <item>every <c>.text*</c> section is laid out in one <c>.text</c>, every <c>.rodata*</c> section in one
/// <c>.rodata</c>, each at file offset = virtual address;</item>
/// <item>lddw (R_BPF_64_64) and 64-bit pointers in rodata (R_BPF_64_ABS64) get their final address,
/// 0x1_0000_0000 + address, at link time, so the loader has nothing to relocate in them;</item>
/// <item>calls (R_BPF_64_32) to functions in the object become pc-relative immediates; calls to
/// undefined symbols are syscalls: imm −1, a .dynsym entry and an R_BPF_64_32 in .rel.dyn, which the
/// loader resolves by the name's murmur3 hash;</item>
/// <item>writable data (.data, .bss) is refused: the loader rejects it.</item>
/// </list>
/// The output depends only on the input bytes, so builds are reproducible.
/// </summary>
public static class SbfLinker
{
    private const ulong ProgramStart = 0x1_0000_0000;
    private const uint RBpf64_64 = 1, RBpf64Abs64 = 2, RBpf64_32 = 10;
    private const int ElfHeaderSize = 64, ProgramHeaderSize = 56, SectionHeaderSize = 64;

    /// <exception cref="SbfLinkException">The object uses something the loader would reject or we do not support.</exception>
    public static byte[] Link(byte[] objectFile, string entrySymbol = "entrypoint")
    {
        ArgumentNullException.ThrowIfNull(objectFile);
        var elf = ElfObject.Parse(objectFile);
        RejectWritableData(elf);

        var text = elf.Sections.Where(s => s.Type == ElfSection.ProgBits && s.IsAlloc && s.IsExecutable && s.Size > 0).ToList();
        var rodata = elf.Sections.Where(s => s.Type == ElfSection.ProgBits && s.IsAlloc && !s.IsExecutable && !s.IsWritable && s.Size > 0).ToList();
        if (text.Count == 0) throw new SbfLinkException("The object has no code (.text).");

        // Layout: headers, then .text, then .rodata (never empty: an empty section at the address of the
        // next one makes the loader pick the wrong section).
        var textStart = Align(ElfHeaderSize + 2 * ProgramHeaderSize, 8);
        var address = new Dictionary<int, int>();
        var textBytes = Concatenate(elf, text, textStart, address);
        var rodataStart = Align(textStart + textBytes.Length, 8);
        var rodataBytes = Concatenate(elf, rodata, rodataStart, address);
        if (rodataBytes.Length == 0) rodataBytes = new byte[8];

        var syscalls = new List<string>();
        var dynamicRelocations = new List<(int Offset, int Symbol)>();
        foreach (var rel in elf.Sections.Where(s => s.Type == ElfSection.Rel && address.ContainsKey((int)s.Info)))
        {
            var target = elf.Sections[(int)rel.Info];
            var inText = text.Contains(target);
            var bytes = inText ? textBytes : rodataBytes;
            var sectionBase = address[target.Index];
            var baseInBytes = sectionBase - (inText ? textStart : rodataStart);
            foreach (var r in elf.Relocations(rel))
            {
                var symbol = elf.Symbols[r.Symbol];
                // An lddw is 16 bytes, a call or a pointer 8: all of it must lie in the section it patches.
                var width = r.Type == RBpf64_64 ? 16UL : 8UL;
                if (r.Offset > (ulong)target.Size || (ulong)target.Size - r.Offset < width)
                {
                    throw new SbfLinkException($"A relocation in {rel.Name} patches {width} bytes at offset {r.Offset} of {target.Name}, which has {target.Size}.");
                }
                var at = baseInBytes + (int)r.Offset;
                switch (r.Type)
                {
                    case RBpf64_64 when inText:
                    {
                        var addend = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
                        var value = ProgramStart + (ulong)(SymbolAddress(elf, symbol, address, target) + addend);
                        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), (uint)value);
                        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 12), (uint)(value >> 32));
                        break;
                    }
                    case RBpf64Abs64 when !inText:
                    {
                        var addend = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at));
                        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), ProgramStart + (ulong)(SymbolAddress(elf, symbol, address, target) + addend));
                        break;
                    }
                    case RBpf64_32 when inText && symbol.SectionIndex == 0:
                    {
                        // A syscall: the loader patches the call by the symbol's name.
                        if (!syscalls.Contains(symbol.Name)) syscalls.Add(symbol.Name);
                        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 4), -1);
                        dynamicRelocations.Add((sectionBase + (int)r.Offset, syscalls.IndexOf(symbol.Name) + 1));
                        break;
                    }
                    case RBpf64_32 when inText:
                    {
                        // A call inside the program: imm = target instruction − (this instruction + 1).
                        var implicitTarget = (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4)) + 1) * 8;
                        var targetAddress = SymbolAddress(elf, symbol, address, target) + implicitTarget;
                        if (!text.Any(t => targetAddress >= address[t.Index] && targetAddress < address[t.Index] + t.Size))
                        {
                            throw new SbfLinkException($"A call in {target.Name} targets {symbol.Name}, which is not code.");
                        }
                        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 4), (targetAddress - (sectionBase + (int)r.Offset)) / 8 - 1);
                        break;
                    }
                    default:
                        throw new SbfLinkException($"Relocation type {r.Type} in {target.Name} against {symbol.Name} is not supported. " +
                            "Supported: R_BPF_64_64 (lddw) and R_BPF_64_32 (calls) in code, R_BPF_64_ABS64 (pointers) in read-only data.");
                }
            }
        }

        var entry = elf.Symbols.FirstOrDefault(s => s.Name == entrySymbol && s.SectionIndex != 0 && text.Any(t => t.Index == s.SectionIndex))
            ?? throw new SbfLinkException($"The object defines no function `{entrySymbol}`, the program's entrypoint.");
        return Write(textStart, textBytes, rodataStart, rodataBytes, syscalls, dynamicRelocations, address[entry.SectionIndex] + (int)entry.Value);
    }

    private static void RejectWritableData(ElfObject elf)
    {
        var writable = elf.Sections.FirstOrDefault(s => s.IsAlloc && s.IsWritable && s.Size > 0);
        if (writable is not null)
        {
            throw new SbfLinkException($"Section {writable.Name} ({writable.Size} bytes) is writable static data, which the Solana loader rejects. " +
                "Make it `const`, or keep mutable state on the stack, in the heap (0x3_0000_0000) or in an account.");
        }
    }

    private static byte[] Concatenate(ElfObject elf, List<ElfSection> sections, int start, Dictionary<int, int> address)
    {
        var bytes = new List<byte>();
        foreach (var section in sections)
        {
            var alignment = (int)Math.Max(1, section.Alignment);
            while ((start + bytes.Count) % alignment != 0) bytes.Add(0);
            address[section.Index] = start + bytes.Count;
            bytes.AddRange(elf.Data(section).ToArray());
        }
        return [.. bytes];
    }

    private static int SymbolAddress(ElfObject elf, ElfSymbol symbol, Dictionary<int, int> address, ElfSection from)
    {
        if (!address.TryGetValue(symbol.SectionIndex, out var sectionAddress))
        {
            var where = symbol.SectionIndex > 0 && symbol.SectionIndex < elf.Sections.Count ? elf.Sections[symbol.SectionIndex].Name : "no section";
            throw new SbfLinkException($"{from.Name} refers to `{symbol.Name}` in {where}, which is not part of the program.");
        }
        return sectionAddress + (int)symbol.Value;
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static byte[] Write(int textStart, byte[] text, int rodataStart, byte[] rodata, List<string> syscalls, List<(int Offset, int Symbol)> relocations, int entry)
    {
        var dynstr = new List<byte> { 0 };
        var nameOffsets = new List<int> { 0 };
        foreach (var name in syscalls)
        {
            nameOffsets.Add(dynstr.Count);
            dynstr.AddRange(Encoding.ASCII.GetBytes(name));
            dynstr.Add(0);
        }
        var dynsym = new byte[24 * (syscalls.Count + 1)];
        for (var i = 1; i <= syscalls.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(dynsym.AsSpan(24 * i), (uint)nameOffsets[i]);
            dynsym[24 * i + 4] = 0x10; // STB_GLOBAL, STT_NOTYPE
        }
        var reldyn = new byte[16 * relocations.Count];
        for (var i = 0; i < relocations.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(reldyn.AsSpan(16 * i), (ulong)relocations[i].Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(reldyn.AsSpan(16 * i + 8), ((ulong)relocations[i].Symbol << 32) | RBpf64_32);
        }

        var dynsymStart = Align(rodataStart + rodata.Length, 8);
        var dynstrStart = dynsymStart + dynsym.Length;
        var reldynStart = Align(dynstrStart + dynstr.Count, 8);
        var dynamicStart = Align(reldynStart + reldyn.Length, 8);
        var dynamicEntries = new List<(long Tag, ulong Value)> { (6, (ulong)dynsymStart), (5, (ulong)dynstrStart), (10, (ulong)dynstr.Count), (11, 24) };
        if (reldyn.Length > 0) dynamicEntries.AddRange([(17, (ulong)reldynStart), (18, (ulong)reldyn.Length), (19, 16)]);
        dynamicEntries.Add((0, 0));
        var dynamicSize = 16 * dynamicEntries.Count;

        string[] sectionNames = [".text", ".rodata", ".dynsym", ".dynstr", ".rel.dyn", ".dynamic", ".shstrtab"];
        var shstrtab = new List<byte> { 0 };
        var nameAt = new Dictionary<string, int>();
        foreach (var name in sectionNames)
        {
            nameAt[name] = shstrtab.Count;
            shstrtab.AddRange(Encoding.ASCII.GetBytes(name));
            shstrtab.Add(0);
        }
        var shstrtabStart = dynamicStart + dynamicSize;
        var sectionTable = Align(shstrtabStart + shstrtab.Count, 8);
        var sectionCount = sectionNames.Length + 1;
        var file = new byte[sectionTable + sectionCount * SectionHeaderSize];
        text.CopyTo(file, textStart);
        rodata.CopyTo(file, rodataStart);
        dynsym.CopyTo(file, dynsymStart);
        dynstr.ToArray().CopyTo(file, dynstrStart);
        reldyn.CopyTo(file, reldynStart);
        for (var i = 0; i < dynamicEntries.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(dynamicStart + 16 * i), dynamicEntries[i].Tag);
            BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(dynamicStart + 16 * i + 8), dynamicEntries[i].Value);
        }
        shstrtab.ToArray().CopyTo(file, shstrtabStart);

        var span = file.AsSpan();
        ReadOnlySpan<byte> magic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
        magic.CopyTo(span);
        span[4] = 2; // 64-bit
        span[5] = 1; // little-endian
        span[6] = 1; // ELF version
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 3);   // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], 247); // EM_BPF
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], (ulong)entry);
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], ElfHeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(span[40..], (ulong)sectionTable);
        BinaryPrimitives.WriteUInt32LittleEndian(span[48..], 0); // e_flags: SBPF v0
        BinaryPrimitives.WriteUInt16LittleEndian(span[52..], ElfHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[54..], ProgramHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[56..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[58..], SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[60..], (ushort)sectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(span[62..], (ushort)(sectionCount - 1)); // .shstrtab is last

        var loadEnd = dynamicStart + dynamicSize;
        ProgramHeader(span[ElfHeaderSize..], type: 1, flags: 5, textStart, loadEnd - textStart);         // PT_LOAD, R+X
        ProgramHeader(span[(ElfHeaderSize + ProgramHeaderSize)..], type: 2, flags: 6, dynamicStart, dynamicSize); // PT_DYNAMIC

        var headers = span[sectionTable..];
        SectionHeader(headers, 1, nameAt[".text"], 1, 6, textStart, text.Length, align: 8);
        SectionHeader(headers, 2, nameAt[".rodata"], 1, 2, rodataStart, rodata.Length, align: 8);
        SectionHeader(headers, 3, nameAt[".dynsym"], 11, 2, dynsymStart, dynsym.Length, link: 4, info: 1, align: 8, entrySize: 24);
        SectionHeader(headers, 4, nameAt[".dynstr"], 3, 2, dynstrStart, dynstr.Count, align: 1);
        SectionHeader(headers, 5, nameAt[".rel.dyn"], 9, 2, reldynStart, reldyn.Length, link: 3, align: 8, entrySize: 16);
        SectionHeader(headers, 6, nameAt[".dynamic"], 6, 3, dynamicStart, dynamicSize, link: 4, align: 8, entrySize: 16);
        SectionHeader(headers, 7, nameAt[".shstrtab"], 3, 0, shstrtabStart, shstrtab.Count, align: 1, allocated: false);
        return file;
    }

    private static void ProgramHeader(Span<byte> h, uint type, uint flags, int offset, int size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(h, type);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(h[8..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(h[16..], (ulong)offset);  // vaddr
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], (ulong)offset);  // paddr
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], (ulong)size);
        BinaryPrimitives.WriteUInt64LittleEndian(h[40..], (ulong)size);
        BinaryPrimitives.WriteUInt64LittleEndian(h[48..], 8);
    }

    private static void SectionHeader(Span<byte> table, int index, int name, uint type, ulong flags, int offset, int size,
        uint link = 0, uint info = 0, ulong align = 1, ulong entrySize = 0, bool allocated = true)
    {
        var h = table.Slice(index * SectionHeaderSize, SectionHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)name);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(h[8..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(h[16..], allocated ? (ulong)offset : 0); // sh_addr == sh_offset
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], link);
        BinaryPrimitives.WriteUInt32LittleEndian(h[44..], info);
        BinaryPrimitives.WriteUInt64LittleEndian(h[48..], align);
        BinaryPrimitives.WriteUInt64LittleEndian(h[56..], entrySize);
    }
}
