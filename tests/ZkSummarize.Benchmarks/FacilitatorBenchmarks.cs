using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;
using ZkSummarize.Testing;

namespace ZkSummarize.Benchmarks;

/// <summary>
/// The facilitator's hot path for an `exact` payment, without the network: decode the PAYMENT-SIGNATURE
/// header, then the scheme's rules and the client's Ed25519 signature (the simulation on chain comes
/// after, and is the chain's cost). The payment is shaped like the official client's. The same payment
/// and fee payer are written to BenchmarkDotNet.Artifacts/facilitator/ for the peer,
/// tests/js/x402/bench-facilitator.mjs (the reference facilitator, @x402/svm, with its simulation stubbed).
/// </summary>
[MemoryDiagnoser]
public class FacilitatorBenchmarks
{
    private const string Network = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    private string _header = "";
    private PaymentRequirements _requirements = null!;
    private ExactSvmVerifier _rules = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var feePayer = Keypair.Generate();
        using var client = Keypair.Generate();
        var (mint, payTo) = (Keypair.Generate().PublicKey, Keypair.Generate().PublicKey);
        _requirements = new PaymentRequirements("exact", Network, "250000", mint.ToString(), payTo.ToString(), 60, new JsonObject { ["feePayer"] = feePayer.PublicKey.ToString() });
        TransactionInstruction[] instructions =
        [
            ComputeBudgetProgram.SetComputeUnitLimit(20_000), ComputeBudgetProgram.SetComputeUnitPrice(1),
            TokenProgram.TransferChecked(AssociatedTokenProgram.GetAssociatedTokenAddress(client.PublicKey, mint), mint, AssociatedTokenProgram.GetAssociatedTokenAddress(payTo, mint), client.PublicKey, 250_000, 6),
            MemoProgram.Memo("0123456789abcdef0123456789abcdef"),
        ];
        var transaction = new Transaction(Message.Compile(feePayer.PublicKey, instructions, Base58.Encode(new byte[32]))).Sign(client);
        var payment = new PaymentPayload(2, _requirements, new JsonObject { ["transaction"] = transaction.ToBase64(requireAllSignatures: false) });
        _header = X402Headers.Encode(payment);
        _rules = new ExactSvmVerifier([feePayer.PublicKey]);
        if (!Verify().IsValid) throw new InvalidOperationException("The benchmark's payment is not valid.");

        var folder = Directory.CreateDirectory(RepoPaths.Combine("BenchmarkDotNet.Artifacts", "facilitator")).FullName;
        File.WriteAllText(Path.Combine(folder, "verify-request.json"), JsonSerializer.Serialize(new { x402Version = 2, paymentPayload = payment, paymentRequirements = _requirements }, X402Headers.Json));
        feePayer.SaveSolanaKeygenFile(Path.Combine(folder, "fee-payer.json"));
    }

    [Benchmark(Description = "exact payment: decode the header, the rules, the client's signature")]
    public VerifyResponse Verify() => _rules.Verify(X402Headers.DecodePayment(_header), _requirements);
}
