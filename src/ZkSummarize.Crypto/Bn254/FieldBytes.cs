using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>Field elements as 32 big-endian bytes: the encoding of snarkjs's JSON, Solana's alt_bn128 syscalls and ours.</summary>
internal static class FieldBytes
{
    public static bool TryRead(ReadOnlySpan<byte> bytes, BigInteger modulus, out BigInteger value)
    {
        value = default;
        if (bytes.Length != 32) return false;
        value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return value < modulus;
    }

    public static byte[] Write(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }
}
