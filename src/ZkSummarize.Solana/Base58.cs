namespace ZkSummarize.Solana;

/// <summary>Bitcoin-alphabet base58, as Solana uses for keys, signatures and blockhashes.</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Digits = BuildDigits();

    private static sbyte[] BuildDigits()
    {
        var digits = new sbyte[128];
        Array.Fill(digits, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            digits[Alphabet[i]] = (sbyte)i;
        }

        return digits;
    }

    /// <summary>Encodes bytes; each leading zero byte becomes a leading '1'.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) ≈ 1.37: enough room for the base-58 digits, least significant last.
        var size = ((data.Length - zeros) * 138 / 100) + 1;
        Span<byte> buffer = size <= 256 ? stackalloc byte[size] : new byte[size];
        buffer.Clear();
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 256 * buffer[k];
                buffer[k] = (byte)(carry % 58);
                carry /= 58;
            }

            length = j;
        }

        var start = size - length;
        Span<char> chars = zeros + length <= 512 ? stackalloc char[zeros + length] : new char[zeros + length];
        chars[..zeros].Fill('1');
        for (var i = 0; i < length; i++)
        {
            chars[zeros + i] = Alphabet[buffer[start + i]];
        }

        return new string(chars);
    }

    /// <summary>Decodes base58 text; throws <see cref="FormatException"/> naming the bad character.</summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryDecode(text, out var bytes, out var error) ? bytes : throw new FormatException(error);
    }

    /// <summary>Decodes base58 text without throwing.</summary>
    public static bool TryDecode(string text, out byte[] bytes, out string? error)
    {
        bytes = [];
        error = null;
        if (text is null)
        {
            error = "base58 text is null";
            return false;
        }

        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        var size = ((text.Length - zeros) * 733 / 1000) + 1; // log(58)/log(256) ≈ 0.733
        Span<byte> buffer = size <= 256 ? stackalloc byte[size] : new byte[size];
        buffer.Clear();
        var length = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            var digit = c < 128 ? Digits[c] : -1;
            if (digit < 0)
            {
                error = $"'{c}' at position {i} is not a base58 character (the alphabet has no 0, O, I or l)";
                return false;
            }

            var carry = digit;
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 58 * buffer[k];
                buffer[k] = (byte)(carry & 0xff);
                carry >>= 8;
            }

            length = j;
        }

        bytes = new byte[zeros + length];
        buffer[(size - length)..].CopyTo(bytes.AsSpan(zeros));
        return true;
    }
}
