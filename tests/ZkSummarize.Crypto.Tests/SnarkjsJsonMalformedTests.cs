using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Crypto.Tests;

/// <summary>Found by fuzzing (tests/ZkSummarize.Fuzz): malformed snarkjs JSON escaped as JsonException, InvalidOperationException, ArgumentException or ArgumentOutOfRangeException, not the documented FormatException.</summary>
public sealed class SnarkjsJsonMalformedTests
{
    private const string Point = "[\"1\", \"2\", \"1\"]";
    private const string G2 = "[[\"1\", \"0\"], [\"1\", \"0\"], [\"1\", \"0\"]]";

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"protocol\": \"groth16\", \"curve\": \"bn128\"} trailing")]
    [InlineData("{\"protocol\": 16, \"curve\": \"bn128\"}")]                                                          // a number where a string belongs
    [InlineData("{\"protocol\": \"groth16\", \"curve\": \"bn128\", \"pi_a\": [], \"pi_a\": []}")]  // a name twice
    [InlineData("{\"protocol\": \"groth16\", \"curve\": \"bn128\", \"pi_a\": [\"1\"], \"pi_b\": " + G2 + ", \"pi_c\": " + Point + "}")] // a point of one coordinate
    public void A_malformed_proof_is_a_format_exception(string json) => Assert.Throws<FormatException>(() => SnarkjsJson.ReadProof(json));

    [Theory]
    [InlineData("[1, 2] [3]")]
    [InlineData("\"1\"")]
    public void Malformed_public_inputs_are_a_format_exception(string json) => Assert.Throws<FormatException>(() => SnarkjsJson.ReadPublicInputs(json));

    [Fact]
    public void A_verifying_key_whose_count_is_not_a_number_is_a_format_exception() =>
        Assert.Throws<FormatException>(() => SnarkjsJson.ReadVerifyingKey("{\"protocol\": \"groth16\", \"curve\": \"bn128\", \"nPublic\": \"four\", \"vk_alpha_1\": " + Point + "}"));
}
