using System.Globalization;
using System.Text;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Svm;

/// <summary>
/// The facilitator rules of the x402 <c>exact</c> scheme on Solana (specs/schemes/exact/scheme_exact_svm.md,
/// "Facilitator Verification Rules (MUST)"), checked without the network: instruction layout, fee-payer
/// safety, compute budget, transfer intent and destination, amount, memo, and every signature present
/// except the fee payer's. The invalid reasons are the reference facilitator's, so clients see the same
/// codes. Account existence and the balance are left to the simulation at settlement.
/// </summary>
public sealed class ExactSvmVerifier(IReadOnlyCollection<PublicKey> facilitatorKeys, ComputeBudgetLimits? limits = null) : ISvmPaymentRules
{
    public const string SchemeName = "exact";
    private static readonly PublicKey Lighthouse = PublicKey.Parse("L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95");

    public string Scheme => SchemeName;

    public VerifyResponse Verify(PaymentPayload payment, PaymentRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(requirements);
        var (read, invalid) = SvmPaymentTransaction.Read(payment, requirements, SchemeName, "invalid_exact_svm_payload", facilitatorKeys, limits ?? ComputeBudgetLimits.Default, 3, 6);
        if (read is null) return invalid!;
        var instructions = read.Instructions;

        if (!TokenProgram.TryDecodeTransferChecked(instructions[2], out var transfer)) return VerifyResponse.Invalid("invalid_exact_svm_payload_no_transfer_instruction");
        var payer = transfer.Authority.ToString();
        if (facilitatorKeys.Contains(transfer.Authority) || facilitatorKeys.Contains(transfer.Source))
        {
            return VerifyResponse.Invalid("invalid_exact_svm_payload_transaction_fee_payer_transferring_funds", payer);
        }
        if (read.FeePayerInAnyInstruction)
        {
            return VerifyResponse.Invalid("invalid_exact_svm_payload_transaction_fee_payer_included_in_instruction_accounts", payer);
        }
        if (transfer.Mint.ToString() != requirements.Asset) return VerifyResponse.Invalid("invalid_exact_svm_payload_mint_mismatch", payer);
        if (!PublicKey.TryParse(requirements.PayTo, out var payTo)
            || transfer.Destination != AssociatedTokenProgram.GetAssociatedTokenAddress(payTo, transfer.Mint, transfer.ProgramId))
        {
            return VerifyResponse.Invalid("invalid_exact_svm_payload_recipient_mismatch", payer);
        }
        if (!ulong.TryParse(requirements.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || transfer.Amount != amount)
        {
            return VerifyResponse.Invalid("invalid_exact_svm_payload_amount_mismatch", payer);
        }

        string[] unknownReasons = ["invalid_exact_svm_payload_unknown_fourth_instruction", "invalid_exact_svm_payload_unknown_fifth_instruction", "invalid_exact_svm_payload_unknown_sixth_instruction"];
        for (var i = 3; i < instructions.Count; i++)
        {
            var program = instructions[i].ProgramId;
            if (!MemoProgram.IsMemoProgram(program) && program != Lighthouse) return VerifyResponse.Invalid(unknownReasons[i - 3], payer);
        }
        if (ExtraFields.Text(requirements.Extra?["memo"]) is { } expectedMemo)
        {
            var memos = instructions.Skip(3).Where(i => MemoProgram.IsMemoProgram(i.ProgramId)).ToList();
            if (memos.Count != 1) return VerifyResponse.Invalid("invalid_exact_svm_payload_memo_count", payer);
            if (!memos[0].Data.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(expectedMemo))) return VerifyResponse.Invalid("invalid_exact_svm_payload_memo_mismatch", payer);
        }

        if (!read.OtherSignaturesValid()) return VerifyResponse.Invalid("invalid_exact_svm_payload_transaction_signature", payer);
        return new VerifyResponse(true, null, payer);
    }
}
