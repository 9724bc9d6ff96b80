using System.Globalization;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Svm;

/// <summary>
/// The rules of our <c>escrow</c> scheme on Solana (docs/x402-escrow-scheme.md): the client's transaction
/// must lock exactly the price for exactly this request, this document, this operator and this summary
/// length, under the quoted circuit's verifying key, in our escrow program, and do nothing else. Instructions: compute-unit limit, compute-unit
/// price, the vault's idempotent ATA creation, OpenEscrow, and optionally one Memo.
/// </summary>
public sealed class EscrowSvmVerifier(EscrowProgram program, IReadOnlyCollection<PublicKey> facilitatorKeys, ComputeBudgetLimits? limits = null) : ISvmPaymentRules
{
    public const string SchemeName = "escrow";
    private const string Prefix = "invalid_escrow_svm_payload";

    public string Scheme => SchemeName;

    public VerifyResponse Verify(PaymentPayload payment, PaymentRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(requirements);
        var (read, invalid) = SvmPaymentTransaction.Read(payment, requirements, Scheme, Prefix, facilitatorKeys, limits ?? ComputeBudgetLimits.Default, 4, 5);
        if (read is null) return invalid!;
        var extra = requirements.Extra!;
        if (ExtraFields.Text(extra["programId"]) != program.ProgramId.ToString()) return VerifyResponse.Invalid($"{Prefix}_program_mismatch");

        var instructions = read.Instructions;
        if (!program.TryDecodeOpenEscrow(instructions[3], out var open)) return VerifyResponse.Invalid($"{Prefix}_no_open_escrow_instruction");
        var payer = open.Client.ToString();
        if (read.FeePayerInAnyInstruction || facilitatorKeys.Contains(open.Client)) return VerifyResponse.Invalid($"{Prefix}_transaction_fee_payer_included_in_instruction_accounts", payer);
        if (open.Mint.ToString() != requirements.Asset) return VerifyResponse.Invalid($"{Prefix}_mint_mismatch", payer);
        if (!ulong.TryParse(requirements.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || open.Amount != amount)
        {
            return VerifyResponse.Invalid($"{Prefix}_amount_mismatch", payer);
        }
        if (!SameHex(extra["requestId"], open.RequestId)) return VerifyResponse.Invalid($"{Prefix}_request_mismatch", payer);
        if (!SameHex(extra["docRoot"], open.DocRoot)) return VerifyResponse.Invalid($"{Prefix}_document_mismatch", payer);
        if (ExtraFields.Number(extra["deadline"]) is not { } deadline || open.Deadline != deadline) return VerifyResponse.Invalid($"{Prefix}_deadline_mismatch", payer);
        if (ExtraFields.Text(extra["operator"]) != open.Operator.ToString()) return VerifyResponse.Invalid($"{Prefix}_operator_mismatch", payer);
        if (ExtraFields.Number(extra["sentences"]) != open.Sentences) return VerifyResponse.Invalid($"{Prefix}_sentences_mismatch", payer);
        // The quoted circuit's key: the worker proves with that circuit, and the program pays only a proof under the escrow's key.
        if (!SameHex(extra["verifyingKeyHash"], open.VerifyingKeyHash)) return VerifyResponse.Invalid($"{Prefix}_verifying_key_mismatch", payer);
        var (escrow, _) = program.FindEscrow(open.RequestId);
        if (open.Escrow != escrow || open.Vault != EscrowProgram.FindVault(escrow, open.Mint).Address || open.Config != program.FindConfig().Address)
        {
            return VerifyResponse.Invalid($"{Prefix}_account_mismatch", payer);
        }

        var createVault = instructions[2];
        if (createVault.ProgramId != AssociatedTokenProgram.ProgramId || createVault.Accounts.Count < 4
            || createVault.Accounts[1].PublicKey != open.Vault || createVault.Accounts[2].PublicKey != escrow || createVault.Accounts[3].PublicKey != open.Mint)
        {
            return VerifyResponse.Invalid($"{Prefix}_create_vault_instruction", payer);
        }
        if (instructions.Count == 5 && !MemoProgram.IsMemoProgram(instructions[4].ProgramId)) return VerifyResponse.Invalid($"{Prefix}_unknown_fifth_instruction", payer);
        if (!read.OtherSignaturesValid()) return VerifyResponse.Invalid($"{Prefix}_transaction_signature", payer);
        return new VerifyResponse(true, null, payer);
    }

    private static bool SameHex(System.Text.Json.Nodes.JsonNode? node, byte[] expected)
    {
        try
        {
            return ExtraFields.Text(node) is { } hex && Convert.FromHexString(hex).AsSpan().SequenceEqual(expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
