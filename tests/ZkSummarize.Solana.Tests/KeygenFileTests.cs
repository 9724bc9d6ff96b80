namespace ZkSummarize.Solana.Tests;

/// <summary>The solana-keygen JSON file format: a JSON array of the 64-byte secret key.</summary>
public sealed class KeygenFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zks-keys").FullName;

    [Fact]
    public void Saved_key_files_load_back_to_the_same_key()
    {
        using var keypair = Keypair.Generate();
        var path = Path.Combine(_dir, "id.json");
        keypair.SaveSolanaKeygenFile(path);
        var text = File.ReadAllText(path);
        Assert.StartsWith("[", text, StringComparison.Ordinal);
        Assert.Equal(64, text.Split(',').Length);
        using var loaded = Keypair.LoadSolanaKeygenFile(path);
        Assert.Equal(keypair.PublicKey, loaded.PublicKey);
        Assert.Equal(keypair.Sign([1, 2, 3]), loaded.Sign([1, 2, 3]));
    }

    /// <summary>security.md K1: the file used to be written first and made owner-only after, so for a moment anyone could read the secret.</summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_key_file_is_owner_only_from_its_creation_even_over_a_readable_file()
    {
        var path = Path.Combine(_dir, "id.json");
        File.WriteAllText(path, "an old, world-readable file");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var keypair = Keypair.Generate();
        keypair.SaveSolanaKeygenFile(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["id.json"], Directory.GetFiles(_dir).Select(Path.GetFileName)); // no temporary file left behind
        using var loaded = Keypair.LoadSolanaKeygenFile(path);
        Assert.Equal(keypair.PublicKey, loaded.PublicKey);
    }

    [Theory]
    [InlineData("not json", "not a solana-keygen key file")]
    [InlineData("[1,2,3]", "64 bytes")]
    [InlineData("[300,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]", "0 to 255")]
    public void Malformed_key_files_are_rejected(string content, string message)
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, content);
        var e = Assert.Throws<FormatException>(() => Keypair.LoadSolanaKeygenFile(path));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_whose_public_half_does_not_match_is_rejected()
    {
        var secret = TestKeys.Alice.ToSecretKey();
        secret[40] ^= 0xff;
        var path = Path.Combine(_dir, "mismatch.json");
        File.WriteAllText(path, "[" + string.Join(",", secret) + "]");
        var e = Assert.Throws<FormatException>(() => Keypair.LoadSolanaKeygenFile(path));
        Assert.Contains("does not match its seed", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
