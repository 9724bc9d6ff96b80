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
