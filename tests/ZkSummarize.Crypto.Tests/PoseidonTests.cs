using System.Numerics;
using System.Text.Json;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Hashing;

namespace ZkSummarize.Crypto.Tests;

/// <summary>Poseidon(2) against circomlibjs (vectors from tests/js/crypto/make-vectors.mjs).</summary>
public sealed class PoseidonTests
{
    public static TheoryData<string, string, string> CircomlibjsVectors()
    {
        var data = new TheoryData<string, string, string>();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "poseidon.json")));
        foreach (var v in json.RootElement.EnumerateArray()) data.Add(v.GetProperty("a").GetString()!, v.GetProperty("b").GetString()!, v.GetProperty("hash").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CircomlibjsVectors))]
    public void Matches_circomlibjs(string a, string b, string expected)
    {
        var hash = Poseidon.Hash(Fr.FromBigInteger(BigInteger.Parse(a)), Fr.FromBigInteger(BigInteger.Parse(b)));
        Assert.Equal(expected, hash.ToString());
    }

    [Fact]
    public void Matches_the_value_solana_sol_poseidon_returned_for_1_1()
    {
        // What sol_poseidon(Bn254X5, big-endian, [1, 1]) returns on the dev chain: 32 big-endian bytes with a
        // leading zero byte. SbfLinkerTests asks the runtime again on every run.
        Assert.Equal("007af346e2d304279e79e0a9f3023f771294a78acb70e73f90afe27cad401e81",
            Convert.ToHexStringLower(Poseidon.Hash(Fr.One, Fr.One).ToBytesBigEndian()));
    }
}
