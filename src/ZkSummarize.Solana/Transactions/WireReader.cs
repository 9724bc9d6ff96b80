namespace ZkSummarize.Solana.Transactions;

/// <summary>Reads the wire format with bounds checks that name what was cut short.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> data, int offset)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Offset { get; private set; } = offset;

    public readonly byte Peek() => Offset < _data.Length ? _data[Offset] : throw Truncated(1);

    public byte Byte() => Offset < _data.Length ? _data[Offset++] : throw Truncated(1);

    public int Length()
    {
        var offset = Offset;
        var value = ShortVec.Read(_data, ref offset);
        Offset = offset;
        return value;
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (count > _data.Length - Offset)
        {
            throw Truncated(count);
        }

        var slice = _data.Slice(Offset, count);
        Offset += count;
        return slice;
    }

    private readonly FormatException Truncated(int wanted) =>
        new($"The transaction data ends early: {wanted} more bytes needed at offset {Offset}, {_data.Length - Offset} left.");
}
