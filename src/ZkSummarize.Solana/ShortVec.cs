namespace ZkSummarize.Solana;

/// <summary>Solana's compact-u16 ("shortvec") length encoding: 7 bits a byte, at most 3 bytes.</summary>
public static class ShortVec
{
    /// <summary>Appends the encoding of <paramref name="value"/>.</summary>
    public static void Write(List<byte> output, int value)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (value is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A compact-u16 holds 0..65535.");
        }

        do
        {
            var b = value & 0x7f;
            value >>= 7;
            output.Add((byte)(value == 0 ? b : b | 0x80));
        }
        while (value != 0);
    }

    /// <summary>The encoding of <paramref name="value"/> as a new array.</summary>
    public static byte[] Encode(int value)
    {
        var list = new List<byte>(3);
        Write(list, value);
        return [.. list];
    }

    /// <summary>Reads a compact-u16 at <paramref name="offset"/> and moves past it; rejects non-minimal or oversized forms.</summary>
    public static int Read(ReadOnlySpan<byte> data, ref int offset)
    {
        var value = 0;
        for (var i = 0; i < 3; i++)
        {
            if (offset >= data.Length)
            {
                throw new FormatException("The data ends inside a compact-u16 length.");
            }

            var b = data[offset++];
            value |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    throw new FormatException("A compact-u16 length is not in its shortest form.");
                }

                if (value > ushort.MaxValue)
                {
                    throw new FormatException("A compact-u16 length exceeds 65535.");
                }

                return value;
            }
        }

        throw new FormatException("A compact-u16 length is longer than 3 bytes.");
    }
}
