using System.Buffers.Binary;

namespace ZkSummarize.Solana.Programs;

/// <summary>Where a program's ELF ends inside a longer, zero-padded account (ProgramData keeps room for upgrades).</summary>
public static class ElfImage
{
    private const uint NoBits = 8; // SHT_NOBITS: a section with no bytes in the file (.bss)

    /// <summary>
    /// The length of the 64-bit little-endian ELF at the start of <paramref name="data"/>: the furthest byte any
    /// header, segment or section of the file reaches, as its headers say.
    /// </summary>
    /// <exception cref="FormatException">The data does not start with such an ELF, or its headers point past the data.</exception>
    public static int Length(ReadOnlySpan<byte> data)
    {
        if (data.Length < 64 || !data[..4].SequenceEqual("\u007FELF"u8) || data[4] != 2 || data[5] != 1)
        {
            throw new FormatException("The program bytes do not start with a 64-bit little-endian ELF header.");
        }

        var programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(data[0x20..]);
        var sectionHeaders = BinaryPrimitives.ReadUInt64LittleEndian(data[0x28..]);
        var (programHeaderSize, programHeaderCount) = (BinaryPrimitives.ReadUInt16LittleEndian(data[0x36..]), BinaryPrimitives.ReadUInt16LittleEndian(data[0x38..]));
        var (sectionHeaderSize, sectionHeaderCount) = (BinaryPrimitives.ReadUInt16LittleEndian(data[0x3A..]), BinaryPrimitives.ReadUInt16LittleEndian(data[0x3C..]));
        var end = Math.Max(64UL, Math.Max(programHeaders + (ulong)programHeaderSize * programHeaderCount, sectionHeaders + (ulong)sectionHeaderSize * sectionHeaderCount));
        for (var i = 0; i < programHeaderCount; i++)
        {
            var header = Slice(data, programHeaders + (ulong)(i * programHeaderSize), 56);
            end = Math.Max(end, BinaryPrimitives.ReadUInt64LittleEndian(header[8..]) + BinaryPrimitives.ReadUInt64LittleEndian(header[32..])); // p_offset + p_filesz
        }

        for (var i = 0; i < sectionHeaderCount; i++)
        {
            var header = Slice(data, sectionHeaders + (ulong)(i * sectionHeaderSize), 64);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) == NoBits) continue;
            end = Math.Max(end, BinaryPrimitives.ReadUInt64LittleEndian(header[24..]) + BinaryPrimitives.ReadUInt64LittleEndian(header[32..])); // sh_offset + sh_size
        }

        return end <= (ulong)data.Length ? (int)end : throw new FormatException($"The ELF's headers reach byte {end}, past the {data.Length} bytes there are.");
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, ulong offset, int length) =>
        offset + (ulong)length <= (ulong)data.Length ? data.Slice((int)offset, length) : throw new FormatException($"An ELF header at {offset} lies past the {data.Length} bytes there are.");
}
