using System.Security.Cryptography;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Core.Commitments;

/// <summary>
/// How bytes become BN254 scalars in the commitment scheme (docs/commitments.md, §3): 32 bytes read
/// big-endian with the top three bits cleared, so every value is below r (r &gt; 2^253).
/// </summary>
public static class FieldEncoding
{
    /// <summary>The leaf of a sentence: SHA-256 of its exact UTF-8 bytes, top three bits cleared.</summary>
    public static Fr Leaf(ReadOnlySpan<byte> sentenceUtf8)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(sentenceUtf8, digest);
        return Truncated(digest);
    }

    /// <summary>The worker's public key as a field element: the key's 32 bytes with the top three bits cleared.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public static Fr WorkerField(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32) throw new ArgumentException("A Solana public key is 32 bytes.", nameof(publicKey));
        return Truncated(publicKey);
    }

    /// <summary>A request id: 32 bytes whose top three bits are clear, so the id and its field element are one and the same.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes, or a top bit is set.</exception>
    public static Fr RequestId(ReadOnlySpan<byte> requestId)
    {
        if (requestId.Length != 32 || (requestId[0] & 0xE0) != 0)
        {
            throw new ArgumentException("A request id is 32 bytes whose first byte is below 0x20 (the top three bits clear). Create ids with NewRequestId.", nameof(requestId));
        }
        return Fr.FromBytesBigEndian(requestId);
    }

    /// <summary>A fresh random request id that is valid as a field element.</summary>
    public static byte[] NewRequestId()
    {
        var id = RandomNumberGenerator.GetBytes(32);
        id[0] &= 0x1F;
        return id;
    }

    private static Fr Truncated(ReadOnlySpan<byte> bytes)
    {
        Span<byte> copy = stackalloc byte[32];
        bytes.CopyTo(copy);
        copy[0] &= 0x1F;
        return Fr.FromBytesBigEndian(copy);
    }
}
