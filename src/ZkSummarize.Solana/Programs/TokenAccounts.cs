using System.Buffers.Binary;

namespace ZkSummarize.Solana.Programs;

/// <summary>An SPL Token mint account.</summary>
public sealed record MintAccount(PublicKey? MintAuthority, ulong Supply, byte Decimals, bool IsInitialized, PublicKey? FreezeAuthority)
{
    /// <summary>Decodes the first 82 bytes of a mint (Token-2022 extensions follow and are ignored).</summary>
    public static MintAccount Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < TokenProgram.MintSize)
        {
            throw new FormatException($"A mint account has at least {TokenProgram.MintSize} bytes, got {data.Length}.");
        }

        return new MintAccount(
            TokenLayout.OptionalKey(data, 0),
            BinaryPrimitives.ReadUInt64LittleEndian(data[36..]),
            data[44],
            data[45] == 1,
            TokenLayout.OptionalKey(data, 46));
    }

    /// <summary>The mint's 82-byte account data, as the token program stores it (what a dev chain writes directly).</summary>
    public byte[] Encode()
    {
        var data = new byte[TokenProgram.MintSize];
        TokenLayout.WriteOptionalKey(data, 0, MintAuthority);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(36), Supply);
        data[44] = Decimals;
        data[45] = IsInitialized ? (byte)1 : (byte)0;
        TokenLayout.WriteOptionalKey(data, 46, FreezeAuthority);
        return data;
    }
}

/// <summary>Token account states.</summary>
public enum TokenAccountState : byte
{
    Uninitialized = 0,
    Initialized = 1,
    Frozen = 2,
}

/// <summary>An SPL Token account.</summary>
public sealed record TokenAccount(PublicKey Mint, PublicKey Owner, ulong Amount, PublicKey? Delegate, TokenAccountState State, ulong DelegatedAmount, PublicKey? CloseAuthority)
{
    /// <summary>Decodes the first 165 bytes of a token account.</summary>
    public static TokenAccount Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < TokenProgram.AccountSize)
        {
            throw new FormatException($"A token account has at least {TokenProgram.AccountSize} bytes, got {data.Length}.");
        }

        return new TokenAccount(
            new PublicKey(data[..32]),
            new PublicKey(data[32..64]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[64..]),
            TokenLayout.OptionalKey(data, 72),
            (TokenAccountState)data[108],
            BinaryPrimitives.ReadUInt64LittleEndian(data[121..]),
            TokenLayout.OptionalKey(data, 129));
    }
}

internal static class TokenLayout
{
    /// <summary>SPL's COption&lt;Pubkey&gt; in account state: a 4-byte tag, then 32 bytes either way.</summary>
    public static PublicKey? OptionalKey(ReadOnlySpan<byte> data, int offset) =>
        BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) == 1 ? new PublicKey(data.Slice(offset + 4, 32)) : null;

    public static void WriteOptionalKey(Span<byte> data, int offset, PublicKey? key)
    {
        if (key is null) return; // tag 0 and zero bytes
        BinaryPrimitives.WriteUInt32LittleEndian(data[offset..], 1);
        key.Value.Span.CopyTo(data[(offset + 4)..]);
    }
}
