using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// BLAKE2b-512 (RFC 7693), incremental, with the exact buffering of the JavaScript hasher snarkjs uses
/// (@noble/hashes): the last block is held back until more data comes, and whole aligned blocks in the
/// middle of an update are compressed straight from the input without passing through the buffer. That
/// matters because a .ptau contribution stores the hasher's internal state (<see cref="SavePartialState"/>,
/// 216 bytes, stale buffer bytes included), and ours must be byte for byte the same for the same updates.
/// </summary>
internal sealed class Blake2b
{
    public const int HashLength = 64;

    /// <summary>The size of a saved state: buffer (128), eight state words (64), length and position (24).</summary>
    public const int PartialStateLength = 216;

    private const int BlockLength = 128;

    private static readonly ulong[] Iv =
    [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ];

    private static readonly byte[] Sigma =
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ];

    private readonly ulong[] _h = new ulong[8];
    private readonly byte[] _buffer = new byte[BlockLength];
    private ulong _length; // bytes taken in so far, the held-back block included
    private int _position; // bytes of the held-back block

    public Blake2b()
    {
        Iv.CopyTo(_h, 0);
        _h[0] ^= 0x01010000UL | HashLength; // digest length 64, no key, fanout 1, depth 1
    }

    /// <summary>BLAKE2b-512 of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data) => new Blake2b().Update(data).Digest();

    /// <summary>The hasher resumed from a state that <see cref="SavePartialState"/> wrote (snarkjs's partialHash).</summary>
    /// <exception cref="FormatException">Not 216 bytes, or a position past the block.</exception>
    public static Blake2b FromPartialState(ReadOnlySpan<byte> state)
    {
        if (state.Length != PartialStateLength) throw new FormatException($"A saved BLAKE2b state is {PartialStateLength} bytes, not {state.Length}.");
        var hasher = new Blake2b();
        state[..BlockLength].CopyTo(hasher._buffer);
        for (var i = 0; i < 8; i++) hasher._h[i] = BinaryPrimitives.ReadUInt64LittleEndian(state[(BlockLength + 8 * i)..]);
        var compressed = BinaryPrimitives.ReadUInt64LittleEndian(state[192..]);
        var position = BinaryPrimitives.ReadUInt64LittleEndian(state[200..]);
        if (position > BlockLength) throw new FormatException($"A saved BLAKE2b state holds {position} bytes in a {BlockLength}-byte block.");
        hasher._position = (int)position;
        hasher._length = compressed + position;
        return hasher;
    }

    /// <summary>
    /// The state as snarkjs saves it in a contribution: the 128-byte buffer, the state words, then the
    /// bytes compressed so far and the bytes held back, as 32-bit words (snarkjs writes only the low 32
    /// bits of each; so do we, so that files stay identical).
    /// </summary>
    public byte[] SavePartialState()
    {
        var state = new byte[PartialStateLength];
        _buffer.CopyTo(state, 0);
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(BlockLength + 8 * i), _h[i]);
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(192), (uint)(_length - (ulong)_position));
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(200), (uint)_position);
        return state;
    }

    public Blake2b Clone()
    {
        var copy = new Blake2b();
        _h.CopyTo(copy._h, 0);
        _buffer.CopyTo(copy._buffer, 0);
        copy._length = _length;
        copy._position = _position;
        return copy;
    }

    /// <summary>
    /// Takes in <paramref name="data"/> as one call of noble's update with an array that starts on a
    /// 4-byte boundary (what decides its direct path), so callers that split data as snarkjs does get
    /// snarkjs's saved states.
    /// </summary>
    public Blake2b Update(ReadOnlySpan<byte> data)
    {
        var at = 0;
        while (at < data.Length)
        {
            if (_position == BlockLength)
            {
                Compress(_buffer, last: false);
                _position = 0;
            }
            var take = Math.Min(BlockLength - _position, data.Length - at);
            if (take == BlockLength && at % 4 == 0 && at + take < data.Length)
            {
                for (; at + BlockLength < data.Length; at += BlockLength)
                {
                    _length += BlockLength;
                    Compress(data.Slice(at, BlockLength), last: false);
                }
                continue;
            }
            data.Slice(at, take).CopyTo(_buffer.AsSpan(_position));
            _position += take;
            _length += (ulong)take;
            at += take;
        }
        return this;
    }

    public byte[] Digest()
    {
        _buffer.AsSpan(_position).Clear();
        Compress(_buffer, last: true);
        var digest = new byte[HashLength];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(digest.AsSpan(8 * i), _h[i]);
        return digest;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Compress(ReadOnlySpan<byte> block, bool last)
    {
        Span<ulong> m = stackalloc ulong[16];
        for (var i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
        Span<ulong> v = stackalloc ulong[16];
        _h.CopyTo(v);
        Iv.CopyTo(v[8..]);
        v[12] ^= _length; // the counter: at most 2^64 bytes here, so the high word stays zero
        if (last) v[14] = ~v[14];
        for (var round = 0; round < 12; round++)
        {
            var s = Sigma.AsSpan(16 * (round % 10), 16);
            Mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            Mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            Mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            Mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            Mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            Mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            Mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            Mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (var i = 0; i < 8; i++) _h[i] ^= v[i] ^ v[i + 8];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix(Span<ulong> v, int a, int b, int c, int d, ulong x, ulong y)
    {
        v[a] += v[b] + x;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 32);
        v[c] += v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 24);
        v[a] += v[b] + y;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 16);
        v[c] += v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 63);
    }
}
