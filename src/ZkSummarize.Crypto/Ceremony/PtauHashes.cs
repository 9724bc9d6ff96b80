using System.Security.Cryptography;
using System.Text;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>The hashes of snarkjs's transcripts, and how snarkjs prints them.</summary>
public static class PtauHashes
{
    /// <summary>
    /// The challenge of a new file of this power: BLAKE2b-512 of the empty hash, then every point of a new
    /// file (all generators) uncompressed. Computed, never read, so a first contribution cannot be fed a
    /// file other than the blank one.
    /// </summary>
    public static byte[] FirstChallenge(int power)
    {
        var hasher = new Blake2b().Update(Blake2b.Hash([]));
        var g1 = SnarkjsPoints.Uncompressed(G1.Generator);
        var g2 = SnarkjsPoints.Uncompressed(G2.Generator);
        Repeat(hasher, g1, (2L << power) - 1);
        Repeat(hasher, g2, 1L << power);
        Repeat(hasher, g1, 1L << power);
        Repeat(hasher, g1, 1L << power);
        hasher.Update(g2);
        return hasher.Digest();
    }

    /// <summary>A 64-byte hash in snarkjs's print layout: four lines of four big-endian 32-bit words in hex.</summary>
    public static string Format(ReadOnlySpan<byte> hash)
    {
        var text = new StringBuilder();
        for (var line = 0; line < hash.Length / 16; line++)
        {
            if (line > 0) text.Append('\n');
            text.Append("\t\t");
            for (var word = 0; word < 4; word++)
            {
                if (word > 0) text.Append(' ');
                text.Append(Convert.ToHexStringLower(hash.Slice(16 * line + 4 * word, 4)));
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The seed of a beacon: SHA-256 applied 2^exponent times to the beacon's bytes, as snarkjs does, so
    /// that nobody can try many beacon values before the beacon is known.
    /// </summary>
    internal static ChaChaRng BeaconRng(ReadOnlySpan<byte> beaconHash, int exponent)
    {
        var current = beaconHash.ToArray();
        for (long i = 0; i < 1L << exponent; i++) current = SHA256.HashData(current);
        return ChaChaRng.FromHash(current);
    }

    /// <summary>A generator seeded by BLAKE2b-512 of 64 bytes from the operating system's CSPRNG and the participant's text.</summary>
    internal static ChaChaRng EntropyRng(string? text)
    {
        var hasher = new Blake2b().Update(RandomNumberGenerator.GetBytes(64)).Update(Encoding.UTF8.GetBytes(text ?? ""));
        return ChaChaRng.FromHash(hasher.Digest());
    }

    private static void Repeat(Blake2b hasher, byte[] point, long count)
    {
        const int Batch = 4096;
        var block = new byte[point.Length * Batch];
        for (var i = 0; i < Batch; i++) point.CopyTo(block, i * point.Length);
        for (; count >= Batch; count -= Batch) hasher.Update(block);
        hasher.Update(block.AsSpan(0, (int)count * point.Length));
    }
}
