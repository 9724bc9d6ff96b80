using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ZkSummarize.Solana;

/// <summary>A 32-byte Solana address: an Ed25519 public key, or a program-derived address (off the curve).</summary>
public readonly struct PublicKey : IEquatable<PublicKey>, IComparable<PublicKey>
{
    /// <summary>Size of an address in bytes.</summary>
    public const int Length = 32;

    /// <summary>Most seeds a program-derived address may have (the bump included).</summary>
    public const int MaxSeeds = 16;

    /// <summary>Longest seed, in bytes.</summary>
    public const int MaxSeedLength = 32;

    private static readonly byte[] PdaMarker = "ProgramDerivedAddress"u8.ToArray();
    private readonly byte[]? _bytes;

    /// <summary>Wraps a copy of exactly 32 bytes.</summary>
    public PublicKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A public key is {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>The all-zero address (the System program).</summary>
    public static PublicKey Default { get; } = new(new byte[Length]);

    /// <summary>The key's bytes (read-only view).</summary>
    public ReadOnlySpan<byte> Span => _bytes ?? Default._bytes!;

    /// <summary>Parses a base58 address; throws <see cref="FormatException"/> with the reason.</summary>
    public static PublicKey Parse(string base58)
    {
        ArgumentNullException.ThrowIfNull(base58);
        if (!Base58.TryDecode(base58, out var bytes, out var error))
        {
            throw new FormatException($"'{base58}' is not a valid address: {error}.");
        }

        if (bytes.Length != Length)
        {
            throw new FormatException($"'{base58}' is not a valid address: it decodes to {bytes.Length} bytes, an address is {Length}.");
        }

        return new PublicKey(bytes);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? base58, out PublicKey key)
    {
        key = default;
        if (base58 is null || !Base58.TryDecode(base58, out var bytes, out _) || bytes.Length != Length)
        {
            return false;
        }

        key = new PublicKey(bytes);
        return true;
    }

    /// <summary>A copy of the 32 bytes.</summary>
    public byte[] ToBytes() => Span.ToArray();

    /// <summary>True when the bytes decode to a point on the Ed25519 curve (so a private key may exist).</summary>
    public bool IsOnCurve() => Ed25519Curve.IsOnCurve(Span);

    /// <summary>Base58 text.</summary>
    public override string ToString() => Base58.Encode(Span);

    public bool Equals(PublicKey other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is PublicKey other && Equals(other);

    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(Span);

    public int CompareTo(PublicKey other) => Span.SequenceCompareTo(other.Span);

    public static bool operator ==(PublicKey left, PublicKey right) => left.Equals(right);

    public static bool operator !=(PublicKey left, PublicKey right) => !left.Equals(right);

    public static bool operator <(PublicKey left, PublicKey right) => left.CompareTo(right) < 0;

    public static bool operator >(PublicKey left, PublicKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(PublicKey left, PublicKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PublicKey left, PublicKey right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// SHA-256(seeds ‖ programId ‖ "ProgramDerivedAddress"), which must land off the curve (no private key).
    /// Throws <see cref="ArgumentException"/> for bad seeds and <see cref="InvalidOperationException"/> when on curve.
    /// </summary>
    public static PublicKey CreateProgramAddress(IReadOnlyList<byte[]> seeds, PublicKey programId)
    {
        return TryCreateProgramAddress(seeds, programId, out var address)
            ? address
            : throw new InvalidOperationException("The seeds give an address on the Ed25519 curve; a program address must be off the curve (try another bump).");
    }

    /// <summary>Like <see cref="CreateProgramAddress"/>, returning false when the hash lands on the curve.</summary>
    public static bool TryCreateProgramAddress(IReadOnlyList<byte[]> seeds, PublicKey programId, out PublicKey address)
    {
        ValidateSeeds(seeds, extra: 0);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var seed in seeds)
        {
            sha.AppendData(seed);
        }

        sha.AppendData(programId.Span);
        sha.AppendData(PdaMarker);
        var hash = sha.GetHashAndReset();
        address = new PublicKey(hash);
        return !Ed25519Curve.IsOnCurve(hash);
    }

    /// <summary>The canonical program address: the first bump from 255 down that lands off the curve.</summary>
    public static (PublicKey Address, byte Bump) FindProgramAddress(IReadOnlyList<byte[]> seeds, PublicKey programId)
    {
        ValidateSeeds(seeds, extra: 1);
        var withBump = new byte[seeds.Count + 1][];
        for (var i = 0; i < seeds.Count; i++)
        {
            withBump[i] = seeds[i];
        }

        for (var bump = 255; bump >= 0; bump--)
        {
            withBump[^1] = [(byte)bump];
            if (TryCreateProgramAddress(withBump, programId, out var address))
            {
                return (address, (byte)bump);
            }
        }

        throw new InvalidOperationException("No bump seed gives an off-curve address for these seeds.");
    }

    private static void ValidateSeeds(IReadOnlyList<byte[]> seeds, int extra)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count + extra > MaxSeeds)
        {
            throw new ArgumentException($"A program address takes at most {MaxSeeds} seeds (bump included), got {seeds.Count + extra}.", nameof(seeds));
        }

        for (var i = 0; i < seeds.Count; i++)
        {
            if (seeds[i] is null || seeds[i].Length > MaxSeedLength)
            {
                throw new ArgumentException($"Seed {i} is {seeds[i]?.Length.ToString() ?? "null"} bytes long; a seed is at most {MaxSeedLength} bytes.", nameof(seeds));
            }
        }
    }
}
