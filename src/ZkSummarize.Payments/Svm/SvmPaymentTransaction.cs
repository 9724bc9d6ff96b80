using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Svm;

/// <summary>
/// The checks every SVM payment scheme of ours shares: the scheme and network agree, the fee payer is
/// ours and is the transaction's fee payer, the transaction decodes, it starts with a compute-unit limit
/// and a bounded compute-unit price, the fee payer appears in no instruction, and every other signer signed.
/// </summary>
internal sealed class SvmPaymentTransaction
{
    private SvmPaymentTransaction(Transaction transaction, IReadOnlyList<TransactionInstruction> instructions, PublicKey feePayer)
    {
        Transaction = transaction;
        Instructions = instructions;
        FeePayer = feePayer;
    }

    public Transaction Transaction { get; }

    public IReadOnlyList<TransactionInstruction> Instructions { get; }

    public PublicKey FeePayer { get; }

    /// <summary>The decoded transaction, or the reason it is not acceptable (reasons prefixed with <paramref name="prefix"/>).</summary>
    public static (SvmPaymentTransaction? Transaction, VerifyResponse? Invalid) Read(
        PaymentPayload payment, PaymentRequirements requirements, string scheme, string prefix, IReadOnlyCollection<PublicKey> facilitatorKeys, ulong maxPriceMicroLamports, int minInstructions, int maxInstructions)
    {
        if (payment.Accepted.Scheme != scheme || requirements.Scheme != scheme) return (null, VerifyResponse.Invalid("unsupported_scheme"));
        if (payment.Accepted.Network != requirements.Network) return (null, VerifyResponse.Invalid("network_mismatch"));
        if (requirements.Extra?["feePayer"]?.GetValue<string>() is not { } feePayerText || !PublicKey.TryParse(feePayerText, out var feePayer))
        {
            return (null, VerifyResponse.Invalid($"{prefix}_missing_fee_payer"));
        }
        if (!facilitatorKeys.Contains(feePayer)) return (null, VerifyResponse.Invalid("fee_payer_not_managed_by_facilitator"));

        Transaction transaction;
        IReadOnlyList<TransactionInstruction> instructions;
        try
        {
            transaction = Transaction.FromBase64(payment.Payload["transaction"]?.GetValue<string>() ?? "");
            instructions = transaction.Message.DecompileInstructions();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return (null, VerifyResponse.Invalid($"{prefix}_transaction_could_not_be_decoded"));
        }
        if (transaction.Message.FeePayer != feePayer) return (null, VerifyResponse.Invalid($"{prefix}_transaction_fee_payer_mismatch"));
        if (instructions.Count < minInstructions || instructions.Count > maxInstructions) return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_length"));
        if (!ComputeBudgetProgram.TryDecodeComputeUnitLimit(instructions[0], out _)) return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_compute_limit_instruction"));
        if (!ComputeBudgetProgram.TryDecodeComputeUnitPrice(instructions[1], out var price)) return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_compute_price_instruction"));
        if (price > maxPriceMicroLamports) return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_compute_price_instruction_too_high"));
        return (new SvmPaymentTransaction(transaction, instructions, feePayer), null);
    }

    public bool FeePayerInAnyInstruction => Instructions.Any(i => i.Accounts.Any(a => a.PublicKey == FeePayer));

    /// <summary>Every signer except the fee payer (whose signature the facilitator adds) signed this message.</summary>
    public bool OtherSignaturesValid()
    {
        var signers = Transaction.Message.Signers.ToList();
        for (var i = 1; i < signers.Count; i++)
        {
            var signature = Transaction.Signatures[i];
            if (signature.All(b => b == 0) || !Keypair.Verify(signers[i], Transaction.MessageBytes, signature)) return false;
        }
        return true;
    }
}
