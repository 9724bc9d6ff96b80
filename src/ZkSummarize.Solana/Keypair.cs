using System.Text.Json;
using NSec.Cryptography;

namespace ZkSummarize.Solana;

/// <summary>An Ed25519 keypair that signs Solana transactions.</summary>
public sealed class Keypair : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;
    private readonly byte[] _seed;

    private Keypair(byte[] seed)
    {
        _seed = seed;
        _key = Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });
        PublicKey = new PublicKey(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The public key, which is the account address.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>A new random keypair.</summary>
    public static Keypair Generate() => new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The keypair of a 32-byte Ed25519 seed (the private key).</summary>
    public static Keypair FromSeed(ReadOnlySpan<byte> seed) =>
        seed.Length == 32 ? new Keypair(seed.ToArray()) : throw new ArgumentException($"An Ed25519 seed is 32 bytes, got {seed.Length}.", nameof(seed));

    /// <summary>The keypair of Solana's 64-byte secret key (seed ‖ public key); checks that the halves agree.</summary>
    public static Keypair FromSecretKey(ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != 64)
        {
            throw new ArgumentException($"A Solana secret key is 64 bytes (seed then public key), got {secretKey.Length}.", nameof(secretKey));
        }

        var keypair = FromSeed(secretKey[..32]);
        if (!keypair.PublicKey.Span.SequenceEqual(secretKey[32..]))
        {
            keypair.Dispose();
            throw new ArgumentException("The secret key's public half does not match its seed: the key file is corrupt.", nameof(secretKey));
        }

        return keypair;
    }

    /// <summary>Reads a solana-keygen JSON file (an array of 64 numbers).</summary>
    public static Keypair LoadSolanaKeygenFile(string path)
    {
        byte[] bytes;
        try
        {
            var numbers = JsonSerializer.Deserialize<int[]>(File.ReadAllText(path))
                ?? throw new FormatException($"{path} holds null, not a key");
            if (numbers.Any(n => n is < 0 or > 255))
            {
                throw new FormatException($"{path} is not a solana-keygen key file: every number must be a byte (0 to 255).");
            }

            bytes = numbers.Select(n => (byte)n).ToArray();
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not a solana-keygen key file (a JSON array of 64 numbers from 0 to 255): {e.Message}", e);
        }

        try
        {
            return FromSecretKey(bytes);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes the solana-keygen JSON file format, readable by the Solana CLI and web3.js. The secret never
    /// sits in a file others can read, not even for a moment: it goes into a new file created owner-only
    /// (0600), which then replaces <paramref name="path"/>.
    /// </summary>
    public void SaveSolanaKeygenFile(string path)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write("[" + string.Join(",", ToSecretKey().Select(b => (int)b)) + "]");
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Solana's 64-byte secret key: seed ‖ public key.</summary>
    public byte[] ToSecretKey() => [.. _seed, .. PublicKey.Span];

    /// <summary>Signs a message (a transaction's message bytes).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => Ed25519.Sign(_key, message);

    /// <summary>Checks an Ed25519 signature by <paramref name="signer"/>.</summary>
    public static bool Verify(PublicKey signer, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64 || !NSec.Cryptography.PublicKey.TryImport(Ed25519, signer.Span, KeyBlobFormat.RawPublicKey, out var key))
        {
            return false;
        }

        return Ed25519.Verify(key!, message, signature);
    }

    public void Dispose()
    {
        Array.Clear(_seed);
        _key.Dispose();
    }
}
