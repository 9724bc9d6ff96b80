using System.Text.Json.Nodes;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Tests;

/// <summary>The escrow scheme's rules: the client's transaction must lock exactly the price, for this request, document, operator and length, in our program, at a bounded cost to the fee payer.</summary>
public sealed class EscrowSvmVerifierTests
{
    private const string Network = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    private const ulong Price = 250_000;
    private const long Deadline = 1_900_000_000;
    private static readonly Keypair Facilitator = Keypair.Generate();
    private static readonly Keypair Client = Keypair.Generate();
    private static readonly PublicKey Mint = Keypair.Generate().PublicKey;
    private static readonly EscrowProgram Program = new(Keypair.Generate().PublicKey);
    private static readonly byte[] RequestId = [0x11, .. Enumerable.Repeat((byte)7, 31)];
    private static readonly byte[] DocRoot = [0x02, .. Enumerable.Repeat((byte)9, 31)];
    private static readonly PublicKey Operator = Keypair.Generate().PublicKey;
    private const int Sentences = 3;
    private static readonly byte[] KeyHash = EscrowProgram.VerifyingKeyHash(new byte[EscrowProgram.VerifyingKeyLength]);
    private static readonly EscrowSvmVerifier Verifier = new(Program, [Facilitator.PublicKey]);
    private static readonly string Blockhash = Base58.Encode(new byte[32]);

    private static PaymentRequirements Requirements() => new("escrow", Network, Price.ToString(System.Globalization.CultureInfo.InvariantCulture), Mint.ToString(), Program.ProgramId.ToString(), 600,
        new JsonObject
        {
            ["feePayer"] = Facilitator.PublicKey.ToString(), ["programId"] = Program.ProgramId.ToString(),
            ["requestId"] = Convert.ToHexStringLower(RequestId), ["docRoot"] = Convert.ToHexStringLower(DocRoot), ["deadline"] = Deadline,
            ["operator"] = Operator.ToString(), ["sentences"] = Sentences, ["verifyingKeyHash"] = Convert.ToHexStringLower(KeyHash), ["circuit"] = "grounding",
        });

    private static List<TransactionInstruction> Standard(ulong amount = Price, byte[]? requestId = null, byte[]? docRoot = null, PublicKey? mint = null, long deadline = Deadline, Keypair? client = null,
        PublicKey? operatorKey = null, int sentences = Sentences, uint units = 60_000, ulong price = 1, byte[]? keyHash = null) =>
        [ComputeBudgetProgram.SetComputeUnitLimit(units), ComputeBudgetProgram.SetComputeUnitPrice(price),
         .. Program.OpenEscrowWithVault((client ?? Client).PublicKey, AssociatedTokenProgram.GetAssociatedTokenAddress((client ?? Client).PublicKey, mint ?? Mint), mint ?? Mint,
             requestId ?? RequestId, docRoot ?? DocRoot, amount, deadline, operatorKey ?? Operator, sentences, keyHash ?? KeyHash)];

    private static PaymentPayload Payment(IReadOnlyList<TransactionInstruction> instructions, params Keypair[] signers) => Payment(Message.Compile(Facilitator.PublicKey, instructions, Blockhash), signers);

    private static PaymentPayload Payment(Message message, params Keypair[] signers)
    {
        var required = message.Signers.ToHashSet();
        var transaction = new Transaction(message).Sign((signers.Length > 0 ? signers : [Client]).Where(k => required.Contains(k.PublicKey)).ToArray());
        return new PaymentPayload(2, Requirements(), new JsonObject { ["transaction"] = transaction.ToBase64(requireAllSignatures: false) });
    }

    private static string? Reason(IReadOnlyList<TransactionInstruction> instructions, params Keypair[] signers) => Verifier.Verify(Payment(instructions, signers), Requirements()).InvalidReason;

    [Fact]
    public void The_standard_open_escrow_transaction_is_valid()
    {
        var result = Verifier.Verify(Payment(Standard()), Requirements());
        Assert.True(result.IsValid, result.InvalidReason);
        Assert.Equal(Client.PublicKey.ToString(), result.Payer);
        Assert.Null(Reason([.. Standard(), MemoProgram.Memo("order 42")])); // an optional memo
    }

    [Fact]
    public void A_payment_for_another_request_document_amount_mint_or_deadline_is_refused()
    {
        Assert.Equal("invalid_escrow_svm_payload_amount_mismatch", Reason(Standard(amount: Price - 1)));
        Assert.Equal("invalid_escrow_svm_payload_request_mismatch", Reason(Standard(requestId: [0x12, .. RequestId[1..]])));
        Assert.Equal("invalid_escrow_svm_payload_document_mismatch", Reason(Standard(docRoot: [0x03, .. DocRoot[1..]])));
        Assert.Equal("invalid_escrow_svm_payload_mint_mismatch", Reason(Standard(mint: Keypair.Generate().PublicKey)));
        Assert.Equal("invalid_escrow_svm_payload_deadline_mismatch", Reason(Standard(deadline: Deadline - 1)));
        Assert.Equal("invalid_escrow_svm_payload_operator_mismatch", Reason(Standard(operatorKey: Keypair.Generate().PublicKey)));
        Assert.Equal("invalid_escrow_svm_payload_sentences_mismatch", Reason(Standard(sentences: Sentences - 1)));
        // Another circuit's key (current or not, the program decides that): the worker proves the quoted circuit, so it is refused.
        Assert.Equal("invalid_escrow_svm_payload_verifying_key_mismatch", Reason(Standard(keyHash: EscrowProgram.VerifyingKeyHash([1, .. new byte[EscrowProgram.VerifyingKeyLength - 1]]))));
        var noKey = Requirements() with { Extra = (JsonObject)Requirements().Extra!.DeepClone() };
        noKey.Extra!.Remove("verifyingKeyHash"); // a quote that names no key matches no payment
        Assert.Equal("invalid_escrow_svm_payload_verifying_key_mismatch", Verifier.Verify(Payment(Standard()) with { Accepted = noKey }, noKey).InvalidReason);

        // A quote whose request id is not hex matches no payment.
        var garbled = Requirements() with { Extra = (JsonObject)Requirements().Extra!.DeepClone() };
        garbled.Extra!["requestId"] = "not hex";
        Assert.Equal("invalid_escrow_svm_payload_request_mismatch", Verifier.Verify(Payment(Standard()) with { Accepted = garbled }, garbled).InvalidReason);
    }

    /// <summary>The fee payer co-signs: the compute-unit limit, the price and their product (the priority fee it pays) are capped.</summary>
    [Fact]
    public void A_payment_that_would_make_the_fee_payer_overpay_is_refused()
    {
        Assert.Equal("invalid_escrow_svm_payload_transaction_instructions_compute_limit_instruction_too_high", Reason(Standard(units: 1_400_000)));
        Assert.Equal("invalid_escrow_svm_payload_transaction_instructions_compute_price_instruction_too_high", Reason(Standard(price: 5_000_001)));
        Assert.Equal("invalid_escrow_svm_payload_transaction_instructions_priority_fee_too_high", Reason(Standard(units: 200_000, price: 5_000_000))); // 1,000,000 lamports
        Assert.Null(Reason(Standard(units: 200_000, price: 50_000))); // 10,000 lamports: the cap itself
        Assert.Equal(10_001UL, ComputeBudgetLimits.PriorityFee(200_000, 50_001)); // rounded up, as the runtime does
    }

    /// <summary>The accounts of OpenEscrow and of the vault's creation must be the program's own for this request.</summary>
    [Fact]
    public void Spoofed_accounts_another_program_or_another_fee_payer_are_refused()
    {
        var instructions = Standard();
        var stranger = Keypair.Generate().PublicKey;
        var open = instructions[3];
        Assert.Equal("invalid_escrow_svm_payload_account_mismatch",
            Reason([.. instructions.Take(3), open with { Accounts = open.Accounts.Select((a, i) => i == 2 ? AccountMeta.Writable(stranger) : a).ToArray() }]));
        Assert.Equal("invalid_escrow_svm_payload_account_mismatch",
            Reason([.. instructions.Take(3), open with { Accounts = open.Accounts.Select((a, i) => i == 5 ? AccountMeta.ReadOnly(stranger) : a).ToArray() }]));
        var createVault = instructions[2];
        Assert.Equal("invalid_escrow_svm_payload_create_vault_instruction",
            Reason([.. instructions.Take(2), createVault with { Accounts = createVault.Accounts.Select((a, i) => i == 1 ? AccountMeta.Writable(stranger) : a).ToArray() }, open]));
        Assert.Equal("invalid_escrow_svm_payload_create_vault_instruction", Reason([.. instructions.Take(2), SystemProgram.Transfer(Client.PublicKey, stranger, 1), open]));

        var payment = Payment(instructions);
        var otherProgram = Requirements() with { Extra = (JsonObject)Requirements().Extra!.DeepClone() };
        otherProgram.Extra!["programId"] = stranger.ToString();
        Assert.Equal("invalid_escrow_svm_payload_program_mismatch", Verifier.Verify(payment with { Accepted = otherProgram }, otherProgram).InvalidReason);
        var otherFeePayer = Requirements() with { Extra = (JsonObject)Requirements().Extra!.DeepClone() };
        otherFeePayer.Extra!["feePayer"] = stranger.ToString();
        Assert.Equal("fee_payer_not_managed_by_facilitator", Verifier.Verify(payment with { Accepted = otherFeePayer }, otherFeePayer).InvalidReason);
    }

    [Fact]
    public void Other_programs_extra_instructions_the_fee_payer_as_client_and_missing_signatures_are_refused()
    {
        var instructions = Standard();
        var otherProgram = new EscrowProgram(Keypair.Generate().PublicKey);
        Assert.Equal("invalid_escrow_svm_payload_no_open_escrow_instruction",
            Reason([instructions[0], instructions[1], instructions[2], otherProgram.OpenEscrow(Client.PublicKey, instructions[3].Accounts[3].PublicKey, Mint, RequestId, DocRoot, Price, Deadline, Operator, Sentences, KeyHash)]));
        Assert.Equal("invalid_escrow_svm_payload_unknown_fifth_instruction", Reason([.. instructions, SystemProgram.Transfer(Client.PublicKey, Keypair.Generate().PublicKey, 1)]));
        Assert.Equal("invalid_escrow_svm_payload_transaction_fee_payer_included_in_instruction_accounts", Reason(Standard(client: Facilitator), Facilitator));
        Assert.Equal("invalid_escrow_svm_payload_transaction_signature", Reason(instructions, Keypair.Generate()));
        Assert.Equal("invalid_escrow_svm_payload_transaction_instructions_length", Reason(instructions.Take(3).ToList()));
    }

    /// <summary>
    /// A v0 transaction that loads accounts from a lookup table is refused: which accounts it touches depends on
    /// the table's contents, which its authority can change after the check.
    /// </summary>
    [Fact]
    public void A_transaction_with_an_address_lookup_table_is_refused()
    {
        var instructions = Standard();
        var vault = instructions[3].Accounts[3].PublicKey;
        var table = new AddressLookupTableAccount(Keypair.Generate().PublicKey, [vault, TokenProgram.ProgramId]);
        var v0 = Message.Compile(Facilitator.PublicKey, instructions, Blockhash, TransactionVersion.V0, [table]);
        Assert.NotEmpty(v0.AddressTableLookups);
        Assert.Equal("invalid_escrow_svm_payload_transaction_could_not_be_decoded", Verifier.Verify(Payment(v0), Requirements()).InvalidReason);

        // The same instructions in a v0 message without a table are accepted: it is the table that is refused.
        Assert.Null(Verifier.Verify(Payment(Message.Compile(Facilitator.PublicKey, instructions, Blockhash, TransactionVersion.V0)), Requirements()).InvalidReason);
    }

    /// <summary>
    /// The fee payer must not be in any instruction, and no key of the facilitator's may be the client: each rule
    /// on its own (a memo the fee payer signs; a client that is another of the facilitator's keys).
    /// </summary>
    [Fact]
    public void The_fee_payer_in_a_memo_or_another_facilitator_key_as_client_is_refused()
    {
        Assert.Equal("invalid_escrow_svm_payload_transaction_fee_payer_included_in_instruction_accounts",
            Reason([.. Standard(), MemoProgram.Memo("x", Facilitator.PublicKey)], Client, Facilitator));
        var twoKeys = new EscrowSvmVerifier(Program, [Facilitator.PublicKey, Client.PublicKey]);
        Assert.Equal("invalid_escrow_svm_payload_transaction_fee_payer_included_in_instruction_accounts", twoKeys.Verify(Payment(Standard()), Requirements()).InvalidReason);

        // The quote names one of the facilitator's keys as fee payer, the transaction another.
        using var second = Keypair.Generate();
        var otherFeePayer = Requirements() with { Extra = (JsonObject)Requirements().Extra!.DeepClone() };
        otherFeePayer.Extra!["feePayer"] = second.PublicKey.ToString();
        Assert.Equal("invalid_escrow_svm_payload_transaction_fee_payer_mismatch",
            new EscrowSvmVerifier(Program, [Facilitator.PublicKey, second.PublicKey]).Verify(Payment(Standard()) with { Accepted = otherFeePayer }, otherFeePayer).InvalidReason);
    }

    [Fact]
    public void The_vault_must_be_created_by_the_associated_token_program()
    {
        var instructions = Standard();
        var impostor = instructions[2] with { ProgramId = Keypair.Generate().PublicKey }; // the same accounts and data, another program
        Assert.Equal("invalid_escrow_svm_payload_create_vault_instruction", Reason([instructions[0], instructions[1], impostor, instructions[3]]));
        var short3 = instructions[2] with { Accounts = instructions[2].Accounts.Take(3).ToArray() };
        Assert.Equal("invalid_escrow_svm_payload_create_vault_instruction", Reason([instructions[0], instructions[1], short3, instructions[3]]));
    }

    [Fact]
    public void The_facilitators_own_compute_limits_apply_and_null_arguments_are_refused()
    {
        var strict = new EscrowSvmVerifier(Program, [Facilitator.PublicKey], new ComputeBudgetLimits(MaxUnits: 50_000));
        Assert.Equal("invalid_escrow_svm_payload_transaction_instructions_compute_limit_instruction_too_high", strict.Verify(Payment(Standard()), Requirements()).InvalidReason);
        Assert.Throws<ArgumentNullException>(() => Verifier.Verify(null!, Requirements()));
        Assert.Throws<ArgumentNullException>(() => Verifier.Verify(Payment(Standard()), null!));
    }
}
