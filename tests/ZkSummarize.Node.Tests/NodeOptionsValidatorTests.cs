using ZkSummarize.Solana;

namespace ZkSummarize.Node.Tests;

/// <summary>The settings this node refuses at startup, each with a message that says what to set.</summary>
public sealed class NodeOptionsValidatorTests
{
    private static NodeOptions Gateway(string payTo, string payToKeypair = "", string[]? knownProxies = null) => new()
    {
        FeePayerKeypair = "fee-payer.json", PayTo = payTo, PayToKeypair = payToKeypair, KnownProxies = knownProxies ?? [], WorkerKeypair = "w.json", CircuitFolder = "c",
    };

    private static IReadOnlyList<string> Problems(NodeOptions options) =>
        new NodeOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void A_pay_to_key_must_be_the_key_of_pay_to_and_readable()
    {
        var file = Path.Combine(Path.GetTempPath(), $"zks-pay-to-{Guid.NewGuid():N}.json");
        using var payTo = Keypair.Generate();
        using var other = Keypair.Generate();
        payTo.SaveSolanaKeygenFile(file);
        try
        {
            Assert.Empty(Problems(Gateway(payTo.PublicKey.ToString(), file)));
            Assert.Contains(Problems(Gateway(other.PublicKey.ToString(), file)), p => p.Contains($"not of Node:PayTo {other.PublicKey}", StringComparison.Ordinal));
            Assert.Contains(Problems(Gateway(payTo.PublicKey.ToString(), file + ".missing")), p => p.Contains("cannot be read as a solana-keygen key file", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_gateway_that_sells_escrows_names_its_operator()
    {
        using var payTo = Keypair.Generate();
        var options = Gateway(payTo.PublicKey.ToString());
        options.ProgramId = Keypair.Generate().PublicKey.ToString();
        Assert.Contains(Problems(options), p => p.Contains("set Node:Operator", StringComparison.Ordinal));
        options.Operator = Keypair.Generate().PublicKey.ToString();
        Assert.Empty(Problems(options));
    }

    [Fact]
    public void Known_proxies_must_be_ip_addresses()
    {
        using var payTo = Keypair.Generate();
        var problems = Problems(Gateway(payTo.PublicKey.ToString(), knownProxies: ["10.0.0.5", "proxy.internal"]));
        Assert.Equal(["Node:KnownProxies holds 'proxy.internal', which is not an IP address; list the proxies' addresses."], problems);
    }
}
