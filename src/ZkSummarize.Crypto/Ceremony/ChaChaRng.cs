using System.Buffers.Binary;
using System.Numerics;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// The ChaCha20 block function as a stream of 32-bit words, the way ffjavascript's ChaCha (the
/// generator behind every snarkjs secret and hash-to-curve) runs it: the 256-bit key is the seed,
/// the nonce is zero, the 128-bit block counter starts at zero, and each block's 16 words are used in
/// order. Deterministic on purpose: beacons and hash-to-G2 must give everyone the same values.
/// </summary>
internal sealed class ChaChaRng
{
    private readonly uint[] _state = new uint[16];
    private readonly uint[] _block = new uint[16];
    private int _next = 16;

    /// <param name="seed">Eight words, the key.</param>
    public ChaChaRng(ReadOnlySpan<uint> seed)
    {
        if (seed.Length != 8) throw new ArgumentException("A ChaCha seed is eight 32-bit words.", nameof(seed));
        (_state[0], _state[1], _state[2], _state[3]) = (0x61707865, 0x3320646E, 0x79622D32, 0x6B206574); // "expand 32-byte k"
        seed.CopyTo(_state.AsSpan(4));
    }

    /// <summary>Seeded with the first 32 bytes of <paramref name="hash"/> read as big-endian words, as snarkjs seeds from a hash.</summary>
    public static ChaChaRng FromHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length < 32) throw new ArgumentException("A ChaCha seed needs 32 bytes of hash.", nameof(hash));
        Span<uint> seed = stackalloc uint[8];
        for (var i = 0; i < 8; i++) seed[i] = BinaryPrimitives.ReadUInt32BigEndian(hash[(4 * i)..]);
        return new ChaChaRng(seed);
    }

    public uint NextUInt32()
    {
        if (_next == 16) NextBlock();
        return _block[_next++];
    }

    /// <summary>Two words, the first one high.</summary>
    public ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    public bool NextBool() => (NextUInt32() & 1) == 1;

    private void NextBlock()
    {
        _state.CopyTo(_block, 0);
        for (var i = 0; i < 10; i++)
        {
            QuarterRound(0, 4, 8, 12);
            QuarterRound(1, 5, 9, 13);
            QuarterRound(2, 6, 10, 14);
            QuarterRound(3, 7, 11, 15);
            QuarterRound(0, 5, 10, 15);
            QuarterRound(1, 6, 11, 12);
            QuarterRound(2, 7, 8, 13);
            QuarterRound(3, 4, 9, 14);
        }
        for (var i = 0; i < 16; i++) _block[i] += _state[i];
        _next = 0;
        for (var word = 12; word < 16 && ++_state[word] == 0; word++)
        {
            // the counter carries into the next word only when this one wrapped to zero
        }
    }

    private void QuarterRound(int a, int b, int c, int d)
    {
        var s = _block;
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 7);
    }
}
