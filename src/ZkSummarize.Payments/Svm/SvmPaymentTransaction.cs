using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Svm;

/// <summary>
/// What one payment may make the fee payer spend beyond the base fee. x402's `exact` caps the
/// compute-unit price (5 lamports a unit); the limit is capped too, and their product (the priority fee
/// the fee payer pays), or a caller could make each co-signed transaction cost the node 1.4M units at the
/// highest price.
/// </summary>
/// <param name="MaxUnits">The highest compute-unit limit accepted (our escrow payment needs about 30,000; the stock x402 client asks 20,000).</param>
/// <param name="MaxPriorityFeeLamports">The highest limit × price accepted, in lamports (the base fee is 5,000 a signature).</param>
public sealed record ComputeBudgetLimits(uint MaxUnits = 200_000, ulong MaxPriceMicroLamports = 5_000_000, ulong MaxPriorityFeeLamports = 10_000)
{
    public static ComputeBudgetLimits Default { get; } = new();

    /// <summary>The priority fee a transaction with this limit and price pays, in lamports (rounded up, as the runtime does).</summary>
    public static ulong PriorityFee(uint units, ulong priceMicroLamports) => (ulong)(((UInt128)units * priceMicroLamports + 999_999) / 1_000_000);
}

/// <summary>
/// The checks every SVM payment scheme of ours shares: the scheme and network agree, the fee payer is
/// ours and is the transaction's fee payer, the transaction decodes, it starts with a compute-unit limit
/// and price within <see cref="ComputeBudgetLimits"/>, the fee payer appears in no instruction, and every
/// other signer signed.
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
        PaymentPayload payment, PaymentRequirements requirements, string scheme, string prefix, IReadOnlyCollection<PublicKey> facilitatorKeys, ComputeBudgetLimits limits, int minInstructions, int maxInstructions)
    {
        if (payment.Accepted.Scheme != scheme || requirements.Scheme != scheme) return (null, VerifyResponse.Invalid("unsupported_scheme"));
        if (payment.Accepted.Network != requirements.Network) return (null, VerifyResponse.Invalid("network_mismatch"));
        if (ExtraFields.Text(requirements.Extra?["feePayer"]) is not { } feePayerText || !PublicKey.TryParse(feePayerText, out var feePayer))
        {
            return (null, VerifyResponse.Invalid($"{prefix}_missing_fee_payer"));
        }
        if (!facilitatorKeys.Contains(feePayer)) return (null, VerifyResponse.Invalid("fee_payer_not_managed_by_facilitator"));

        Transaction transaction;
        IReadOnlyList<TransactionInstruction> instructions;
        try
        {
            transaction = Transaction.FromBase64(ExtraFields.Text(payment.Payload["transaction"]) ?? "");
            instructions = transaction.Message.DecompileInstructions();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return (null, VerifyResponse.Invalid($"{prefix}_transaction_could_not_be_decoded"));
        }
        if (transaction.Message.FeePayer != feePayer) return (null, VerifyResponse.Invalid($"{prefix}_transaction_fee_payer_mismatch"));
        if (instructions.Count < minInstructions || instructions.Count > maxInstructions) return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_length"));
        if (!ComputeBudgetProgram.TryDecodeComputeUnitLimit(instructions[0], out var units)) return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_compute_limit_instruction"));
        if (!ComputeBudgetProgram.TryDecodeComputeUnitPrice(instructions[1], out var price)) return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_compute_price_instruction"));
        if (price > limits.MaxPriceMicroLamports) return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_compute_price_instruction_too_high"));
        if (units > limits.MaxUnits) return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_compute_limit_instruction_too_high"));
        if (ComputeBudgetLimits.PriorityFee(units, price) > limits.MaxPriorityFeeLamports)
        {
            return (null, VerifyResponse.Invalid($"{prefix}_transaction_instructions_priority_fee_too_high"));
        }
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
