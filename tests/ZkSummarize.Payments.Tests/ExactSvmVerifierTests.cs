using System.Text.Json.Nodes;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Tests;

/// <summary>
/// The exact-SVM facilitator rules on transactions shaped like the official x402 client's
/// (compute limit, compute price, TransferChecked to payTo's ATA, memo; fee payer's signature left empty),
/// and each deviation rejected with the reference facilitator's reason.
/// </summary>
public sealed class ExactSvmVerifierTests
{
    private const string Network = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    private static readonly Keypair Facilitator = Keypair.Generate();
    private static readonly Keypair Client = Keypair.Generate();
    private static readonly PublicKey Mint = Keypair.Generate().PublicKey;
    private static readonly PublicKey PayTo = Keypair.Generate().PublicKey;
    private static readonly string Blockhash = Base58.Encode(new byte[32]);
    private static readonly ExactSvmVerifier Verifier = new([Facilitator.PublicKey]);

    private static PaymentRequirements Requirements(string? memo = null) => new("exact", Network, "250000", Mint.ToString(), PayTo.ToString(), 60,
        new JsonObject { ["feePayer"] = Facilitator.PublicKey.ToString(), ["memo"] = memo });

    private static TransactionInstruction Transfer(ulong amount = 250_000, PublicKey? mint = null, PublicKey? destination = null, PublicKey? authority = null) =>
        TokenProgram.TransferChecked(AssociatedTokenProgram.GetAssociatedTokenAddress(Client.PublicKey, Mint), mint ?? Mint,
            destination ?? AssociatedTokenProgram.GetAssociatedTokenAddress(PayTo, Mint), authority ?? Client.PublicKey, amount, 6);

    private static List<TransactionInstruction> Standard() =>
        [ComputeBudgetProgram.SetComputeUnitLimit(20_000), ComputeBudgetProgram.SetComputeUnitPrice(1), Transfer(), MemoProgram.Memo("0123456789abcdef0123456789abcdef")];

    private static PaymentPayload Pay(IReadOnlyList<TransactionInstruction> instructions, PaymentRequirements? requirements = null, params Keypair[] signers)
    {
        var message = Message.Compile(Facilitator.PublicKey, instructions, Blockhash);
        var required = message.Signers.ToHashSet();
        var transaction = new Transaction(message).Sign((signers.Length > 0 ? signers : [Client]).Where(k => required.Contains(k.PublicKey)).ToArray());
        return new PaymentPayload(2, requirements ?? Requirements(), new JsonObject { ["transaction"] = transaction.ToBase64(requireAllSignatures: false) });
    }

    private static string? Reason(PaymentPayload payment, PaymentRequirements? requirements = null) => Verifier.Verify(payment, requirements ?? payment.Accepted).InvalidReason;

    [Fact]
    public void A_standard_payment_is_valid_and_names_its_payer()
    {
        var result = Verifier.Verify(Pay(Standard()), Requirements());
        Assert.True(result.IsValid, result.InvalidReason);
        Assert.Equal(Client.PublicKey.ToString(), result.Payer);
    }

    [Fact]
    public void The_memo_the_server_asked_for_is_enforced()
    {
        var requirements = Requirements(memo: "invoice-42");
        var instructions = Standard();
        Assert.Equal("invalid_exact_svm_payload_memo_mismatch", Reason(Pay(instructions, requirements)));
        instructions[3] = MemoProgram.Memo("invoice-42");
        Assert.Null(Reason(Pay(instructions, requirements)));
        instructions.Add(MemoProgram.Memo("invoice-42"));
        Assert.Equal("invalid_exact_svm_payload_memo_count", Reason(Pay(instructions, requirements)));
    }

    public static TheoryData<string, Func<List<TransactionInstruction>, List<TransactionInstruction>>> Deviations => new()
    {
        { "invalid_exact_svm_payload_transaction_instructions_length", i => i.Take(2).ToList() },
        { "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction", i => [i[1], i[1], i[2], i[3]] },
        { "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction", i => [i[0], i[0], i[2], i[3]] },
        { "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high", i => [i[0], ComputeBudgetProgram.SetComputeUnitPrice(5_000_001), i[2], i[3]] },
        { "invalid_exact_svm_payload_no_transfer_instruction", i => [i[0], i[1], SystemProgram.Transfer(Client.PublicKey, PayTo, 1), i[3]] },
        { "invalid_exact_svm_payload_amount_mismatch", i => [i[0], i[1], Transfer(amount: 249_999), i[3]] },
        { "invalid_exact_svm_payload_mint_mismatch", i => [i[0], i[1], Transfer(mint: Keypair.Generate().PublicKey), i[3]] },
        { "invalid_exact_svm_payload_recipient_mismatch", i => [i[0], i[1], Transfer(destination: AssociatedTokenProgram.GetAssociatedTokenAddress(Client.PublicKey, Mint)), i[3]] },
        { "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds", i => [i[0], i[1], Transfer(authority: Facilitator.PublicKey), i[3]] },
        { "invalid_exact_svm_payload_transaction_fee_payer_included_in_instruction_accounts", i => [.. i, MemoProgram.Memo("x", Facilitator.PublicKey)] },
        { "invalid_exact_svm_payload_unknown_fourth_instruction", i => [i[0], i[1], i[2], SystemProgram.Transfer(Client.PublicKey, PayTo, 1)] },
        { "invalid_exact_svm_payload_unknown_fifth_instruction", i => [.. i, SystemProgram.Transfer(Client.PublicKey, PayTo, 1)] },
        { "invalid_exact_svm_payload_unknown_sixth_instruction", i => [.. i, MemoProgram.Memo("second"), SystemProgram.Transfer(Client.PublicKey, PayTo, 1)] },
    };

    [Theory]
    [MemberData(nameof(Deviations))]
    public void Each_deviation_is_rejected_with_its_reason(string reason, Func<List<TransactionInstruction>, List<TransactionInstruction>> change)
    {
        var signers = change(Standard()).SelectMany(i => i.Accounts).Where(a => a.IsSigner && a.PublicKey == Facilitator.PublicKey).Any() ? new[] { Client, Facilitator } : [Client];
        Assert.Equal(reason, Reason(Pay(change(Standard()), signers: signers)));
    }

    [Fact]
    public void A_missing_or_forged_client_signature_is_rejected()
    {
        var message = Message.Compile(Facilitator.PublicKey, Standard(), Blockhash);
        var unsigned = new Transaction(message);
        Assert.Equal("invalid_exact_svm_payload_transaction_signature",
            Reason(new PaymentPayload(2, Requirements(), new JsonObject { ["transaction"] = unsigned.ToBase64(requireAllSignatures: false) })));
        // A signature with one bit changed (the serialized layout: count, fee payer's empty slot, the client's signature).
        var bytes = new Transaction(message).Sign(Client).Serialize(requireAllSignatures: false);
        bytes[1 + 64 + 5] ^= 1;
        Assert.Equal("invalid_exact_svm_payload_transaction_signature",
            Reason(new PaymentPayload(2, Requirements(), new JsonObject { ["transaction"] = Convert.ToBase64String(bytes) })));
    }

    [Fact]
    public void Wrong_scheme_network_fee_payer_or_garbage_are_rejected()
    {
        var payment = Pay(Standard());
        Assert.Equal("unsupported_scheme", Verifier.Verify(payment with { Accepted = payment.Accepted with { Scheme = "upto" } }, Requirements()).InvalidReason);
        Assert.Equal("network_mismatch", Verifier.Verify(payment, Requirements() with { Network = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp" }).InvalidReason);
        var otherFeePayer = Requirements() with { Extra = new JsonObject { ["feePayer"] = Keypair.Generate().PublicKey.ToString() } };
        Assert.Equal("fee_payer_not_managed_by_facilitator", Verifier.Verify(payment, otherFeePayer).InvalidReason);
        Assert.Equal("invalid_exact_svm_payload_missing_fee_payer", Verifier.Verify(payment, Requirements() with { Extra = null }).InvalidReason);
        Assert.Equal("invalid_exact_svm_payload_transaction_could_not_be_decoded",
            Reason(payment with { Payload = new JsonObject { ["transaction"] = "bm90IGEgdHJhbnNhY3Rpb24=" } }));
    }

    /// <summary>Lighthouse's assertion instructions (which wallets such as Phantom add) may follow the transfer, as the reference facilitator allows.</summary>
    [Fact]
    public void A_lighthouse_instruction_after_the_transfer_is_allowed()
    {
        var lighthouse = new TransactionInstruction(PublicKey.Parse("L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95"), [], [1, 2, 3]);
        Assert.Null(Reason(Pay([.. Standard(), lighthouse])));
        Assert.Null(Reason(Pay([.. Standard().Take(3), lighthouse])));
    }

    [Fact]
    public void The_facilitators_own_compute_limits_apply_and_null_arguments_are_refused()
    {
        var strict = new ExactSvmVerifier([Facilitator.PublicKey], new ComputeBudgetLimits(MaxUnits: 10_000));
        Assert.Equal("invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction_too_high", strict.Verify(Pay(Standard()), Requirements()).InvalidReason);
        Assert.Throws<ArgumentNullException>(() => Verifier.Verify(null!, Requirements()));
        Assert.Throws<ArgumentNullException>(() => Verifier.Verify(Pay(Standard()), null!));
        Assert.Throws<ArgumentNullException>(() => PaymentFingerprint.Of(null!));
    }
}
