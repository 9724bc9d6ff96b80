using System.Buffers.Binary;

namespace ZkSummarize.Solana.Programs;

/// <summary>Little-endian instruction data, written in order.</summary>
internal sealed class InstructionData
{
    private readonly List<byte> _bytes = [];

    public InstructionData U8(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public InstructionData U32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        _bytes.AddRange(buffer);
        return this;
    }

    public InstructionData U64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        _bytes.AddRange(buffer);
        return this;
    }

    public InstructionData Key(PublicKey key)
    {
        _bytes.AddRange(key.Span);
        return this;
    }

    /// <summary>SPL's COption&lt;Pubkey&gt; in instruction data: a 0 tag, or a 1 tag and the key.</summary>
    public InstructionData OptionalKey(PublicKey? key) => key is { } k ? U8(1).Key(k) : U8(0);

    public InstructionData Raw(ReadOnlySpan<byte> bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
