using System.Net;
using System.Text;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Fuzz;

/// <summary>
/// One decoder of bytes from outside, and the exceptions it documents for bad input. Any other exception,
/// a hang or a huge allocation is a bug: AFL++ reports it as a crash, and the corpus replay test fails on it.
/// </summary>
public sealed record FuzzTarget(string Name, string Decodes, Action<byte[]> Decode, params Type[] Documented)
{
    /// <summary>Runs the decoder on the input; a documented exception is a normal answer to bad bytes, anything else escapes.</summary>
    public void Run(byte[] input)
    {
        try
        {
            Decode(input);
        }
        catch (Exception e) when (Documented.Any(t => t.IsInstanceOfType(e)))
        {
        }
    }

    public override string ToString() => Name;
}

/// <summary>Every fuzz target, by name (scripts/fuzz.sh TARGET; the corpus lives in corpus/TARGET).</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("x402-payment", "PAYMENT-SIGNATURE: the payload JSON (base64-encoded as the header carries it), its payment-identifier and its transaction as the facilitator reads it",
            X402Payment, typeof(X402FormatException)),
        new("x402-requirements", "PAYMENT-REQUIRED: the PaymentRequired JSON a client decodes from a seller", bytes =>
        {
            var required = X402Headers.Decode<PaymentRequired>(Convert.ToBase64String(bytes), X402Headers.PaymentRequired);
            foreach (var offer in required.Accepts ?? []) _ = (ExtraFields.Text(offer.Extra?["requestId"]), ExtraFields.Number(offer.Extra?["deadline"]));
        }, typeof(X402FormatException)),
        new("solana-transaction", "a Solana wire transaction (signatures and message) and its decompiled instructions", bytes =>
        {
            Decompile(Transaction.Deserialize(bytes).Message);
        }, typeof(FormatException), typeof(TransactionTooLargeException)),
        new("solana-message", "a Solana message (legacy or v0) alone", bytes => Decompile(Message.Deserialize(bytes)), typeof(FormatException)),
        new("receipt", "a receipt's JSON, then its offline check (proof under the pinned keys)", bytes =>
        {
            var receipt = Receipt.FromJson(Encoding.UTF8.GetString(bytes));
            _ = ReceiptVerifier.Check(receipt);
        }, typeof(FormatException)),
        new("document", "a document as a client sends it (UTF-8 bytes, or UTF-16 as a JSON string holds it; the first byte picks which), normalised, segmented and turned into the commitment's leaves as the node does before it quotes",
            DocumentQuote, typeof(DocumentException)),
        new("zkey", "a snarkjs .zkey (Groth16 proving key)", bytes => _ = SnarkjsBinary.ReadZkey(bytes), typeof(FormatException)),
        new("zkey-prove", "a snarkjs .zkey read from its file as `zks groth16 prove` reads it (StreamedZkey), then a proof with an all-ones witness",
            StreamedZkeyProof, typeof(FormatException)),
        new("wtns", "a snarkjs .wtns (witness)", bytes => _ = SnarkjsBinary.ReadWitness(bytes), typeof(FormatException)),
        new("r1cs", "a circom .r1cs (constraint system)", bytes => _ = R1cs.Read(bytes), typeof(FormatException)),
        new("snarkjs-json", "snarkjs verification_key.json, proof.json or public.json (the first byte picks which)", SnarkjsJsonFile, typeof(FormatException)),
        new("rpc-reply", "a Solana JSON-RPC reply to one of the client's typed calls (the first byte picks which)", RpcReply, typeof(SolanaRpcException)),
        new("elf", "a relocatable BPF object, read and linked by the SBF linker", bytes => _ = SbfLinker.SbfLinker.Link(bytes), typeof(SbfLinker.SbfLinkException)),
    ];

    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"No fuzz target '{name}'. The targets: {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));

    private static readonly ComputeBudgetLimits Limits = new();

    /// <summary>Its instructions, when it can have them without its lookup tables (DecompileInstructions documents that it cannot otherwise).</summary>
    private static void Decompile(Message message)
    {
        if (message.AddressTableLookups.Count == 0) _ = message.DecompileInstructions();
    }

    private static readonly string ZkeyFile = Path.Combine(Path.GetTempPath(), $"zks-fuzz-{Environment.ProcessId}.zkey");

    private static void StreamedZkeyProof(byte[] bytes)
    {
        File.WriteAllBytes(ZkeyFile, bytes);
        using var key = SnarkjsBinary.OpenZkey(ZkeyFile);
        _ = Groth16Prover.Prove(key, Enumerable.Repeat(Crypto.Bn254.Fr.One, key.VariableCount).ToArray());
    }

    private static void DocumentQuote(byte[] bytes)
    {
        if (bytes.Length == 0) return;
        var document = bytes[0] % 2 == 0
            ? Document.Parse(bytes.AsSpan(1))
            : Document.Parse(new string(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, char>(bytes.AsSpan(1)))); // any UTF-16, lone surrogates included
        // The commitment's leaves come from the sentences' bytes; the Poseidon tree above them (most of the cost
        // of DocumentCommitment.Create) takes only field elements, so it is held to its precondition instead.
        foreach (var sentence in document.Sentences) _ = FieldEncoding.Leaf(sentence.ToUtf8());
        if (document.Sentences.Count is 0 or > Core.CommitmentLimits.MaxDocumentSentences)
        {
            throw new InvalidOperationException($"Document.Parse let through {document.Sentences.Count} sentences, which no commitment tree holds.");
        }
    }

    private static void X402Payment(byte[] bytes)
    {
        var payment = X402Headers.DecodePayment(Convert.ToBase64String(bytes));
        _ = PaymentIdentifier.Read(payment);
        _ = PaymentFingerprint.Of(payment);
        // The facilitator's rules for the scheme it names (all but the simulation), with the payload's own fee
        // payer and program as the facilitator's, so that the fuzzer can reach past those checks.
        var feePayer = PublicKey.TryParse(ExtraFields.Text(payment.Accepted.Extra?["feePayer"]), out var key) ? [key] : Array.Empty<PublicKey>();
        ISvmPaymentRules rules = payment.Accepted.Scheme == EscrowSvmVerifier.SchemeName
            ? new EscrowSvmVerifier(new Solana.Programs.EscrowProgram(PublicKey.TryParse(payment.Accepted.PayTo, out var program) ? program : SomeAccount), feePayer, Limits)
            : new ExactSvmVerifier(feePayer, Limits);
        _ = rules.Verify(payment, payment.Accepted);
    }

    private static void SnarkjsJsonFile(byte[] bytes)
    {
        if (bytes.Length == 0) return;
        var json = Encoding.UTF8.GetString(bytes, 1, bytes.Length - 1);
        switch (bytes[0] % 3)
        {
            case 0: _ = SnarkjsJson.ReadVerifyingKey(json); break;
            case 1: _ = SnarkjsJson.ReadProof(json); break;
            default: _ = SnarkjsJson.ReadPublicInputs(json); break;
        }
    }

    private static readonly PublicKey SomeAccount = PublicKey.Parse("SysvarC1ock11111111111111111111111111111111");

    /// <summary>The client's typed calls, each answered with the input as the body of an HTTP 200.</summary>
    private static readonly Func<SolanaRpcClient, Task>[] RpcCalls =
    [
        rpc => rpc.GetLatestBlockhashAsync(),
        rpc => rpc.GetSignatureStatusesAsync(["sig"]),
        rpc => rpc.GetAccountInfoAsync(SomeAccount),
        rpc => rpc.GetMultipleAccountsAsync([SomeAccount, SomeAccount]),
        rpc => rpc.GetTokenAccountBalanceAsync(SomeAccount),
        rpc => rpc.GetTransactionAsync("sig"),
        rpc => rpc.GetSignaturesForAddressAsync(SomeAccount, 10),
        rpc => rpc.GetClockAsync(),
        rpc => rpc.GetSlotAsync(),
        rpc => rpc.GetGenesisHashAsync(),
        rpc => rpc.GetBalanceAsync(SomeAccount),
    ];

    private static void RpcReply(byte[] bytes)
    {
        if (bytes.Length == 0) return;
        using var http = new HttpClient(new FixedReply(bytes.AsMemory(1)));
        var rpc = new SolanaRpcClient(http, new SolanaRpcOptions { Url = new Uri("http://127.0.0.1:1/") });
        RpcCalls[bytes[0] % RpcCalls.Length](rpc).GetAwaiter().GetResult();
    }

    /// <summary>An RPC node that answers every request with the same bytes, in process (a fuzzer cannot afford a socket per input).</summary>
    private sealed class FixedReply(ReadOnlyMemory<byte> body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ReadOnlyMemoryContent(body) });
    }
}
