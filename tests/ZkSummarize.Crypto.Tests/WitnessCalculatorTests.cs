using System.Text.Json.Nodes;
using ZkSummarize.Crypto.Circom;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Tests;

/// <summary>circom's witness calculator under Wasmtime gives the same witness as snarkjs's (the committed .wtns).</summary>
public sealed class WitnessCalculatorTests
{
    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", name));

    private static JsonObject Input(int n)
    {
        // The inputs make-groth16-vectors.sh used: secret = 3n + 1, b = n + 5, c = 11n, a = secret², d = b·c + secret.
        var (secret, b, c) = (3 * n + 1, n + 5, 11 * n);
        return new JsonObject { ["a"] = $"{secret * secret}", ["b"] = $"{b}", ["c"] = $"{c}", ["d"] = $"{b * c + secret}", ["secret"] = $"{secret}" };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Matches_the_witness_snarkjs_computed(int n)
    {
        using var calculator = new WitnessCalculator(Vector("toy.wasm"));
        Assert.Equal(SnarkjsBinary.ReadWitness(Vector($"witness{n}.wtns")), calculator.Calculate(Input(n)));
    }

    [Fact]
    public void A_failing_constraint_or_a_bad_input_is_reported_and_the_calculator_still_works()
    {
        using var calculator = new WitnessCalculator(Vector("toy.wasm"));
        var wrong = Input(1);
        wrong["a"] = "17";
        Assert.Contains("constraint of the circuit failed", Assert.Throws<WitnessException>(() => calculator.Calculate(wrong)).Message, StringComparison.Ordinal);
        var unknown = Input(1);
        unknown["e"] = "1";
        Assert.Contains("no input signal 'e'", Assert.Throws<WitnessException>(() => calculator.Calculate(unknown)).Message, StringComparison.Ordinal);
        var missing = Input(1);
        missing.Remove("d");
        Assert.Contains("input values were given", Assert.Throws<WitnessException>(() => calculator.Calculate(missing)).Message, StringComparison.Ordinal);
        Assert.Equal(SnarkjsBinary.ReadWitness(Vector("witness1.wtns")), calculator.Calculate(Input(1)));
    }
}
