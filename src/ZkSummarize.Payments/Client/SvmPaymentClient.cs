using System.Globalization;
using System.Text.Json.Nodes;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Client;

/// <summary>
/// The client side of our two SVM schemes: turns a server's <see cref="PaymentRequirements"/> into the
/// <c>PAYMENT-SIGNATURE</c> header, a transaction signed by the payer with the facilitator as fee payer.
/// </summary>
public sealed class SvmPaymentClient(SolanaRpcClient rpc, Keypair payer)
{
    /// <summary>Compute-unit limits that cover each transaction with room to spare.</summary>
    private const uint ExactUnits = 20_000, EscrowUnits = 100_000;

    /// <exception cref="ArgumentException">The requirements are not ones this client pays (unknown scheme, missing extra fields).</exception>
    /// <param name="paymentId">An idempotency key for the payment-identifier extension (16–128 of A–Z, a–z, 0–9, '-', '_'); reuse it when retrying.</param>
    public async Task<string> CreatePaymentHeaderAsync(PaymentRequirements requirements, string? paymentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var extra = requirements.Extra ?? throw new ArgumentException("The requirements have no extra.feePayer.", nameof(requirements));
        var feePayer = PublicKey.Parse(Field(extra, "feePayer"));
        var mint = PublicKey.Parse(requirements.Asset);
        var amount = ulong.Parse(requirements.Amount, NumberStyles.None, CultureInfo.InvariantCulture);
        var source = AssociatedTokenProgram.GetAssociatedTokenAddress(payer.PublicKey, mint);
        List<TransactionInstruction> instructions = [ComputeBudgetProgram.SetComputeUnitPrice(1)];
        switch (requirements.Scheme)
        {
            case "exact":
                var decimals = MintAccount.Decode((await rpc.GetAccountInfoAsync(mint, cancellationToken: cancellationToken)
                    ?? throw new ArgumentException($"The mint {mint} does not exist on this chain.", nameof(requirements))).Data).Decimals;
                instructions.Insert(0, ComputeBudgetProgram.SetComputeUnitLimit(ExactUnits));
                instructions.Add(TokenProgram.TransferChecked(source, mint, AssociatedTokenProgram.GetAssociatedTokenAddress(PublicKey.Parse(requirements.PayTo), mint), payer.PublicKey, amount, decimals));
                instructions.Add(MemoProgram.Memo(ExtraFields.Text(extra["memo"]) ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));
                break;
            case "escrow":
                var program = new EscrowProgram(PublicKey.Parse(Field(extra, "programId")));
                instructions.Insert(0, ComputeBudgetProgram.SetComputeUnitLimit(EscrowUnits));
                var keyHash = await QuotedKeyAsync(program, ExtraFields.Text(extra["verifyingKeyHash"]), cancellationToken);
                instructions.AddRange(program.OpenEscrowWithVault(payer.PublicKey, source, mint, Convert.FromHexString(Field(extra, "requestId")),
                    Convert.FromHexString(Field(extra, "docRoot")), amount, Number(extra, "deadline"), PublicKey.Parse(Field(extra, "operator")), (int)Number(extra, "sentences"), keyHash));
                break;
            default:
                throw new ArgumentException($"This client pays the exact and escrow schemes, not '{requirements.Scheme}'.", nameof(requirements));
        }
        var blockhash = await rpc.GetLatestBlockhashAsync(cancellationToken: cancellationToken);
        var transaction = new Transaction(Message.Compile(feePayer, instructions, blockhash.Blockhash)).Sign(payer);
        var extensions = paymentId is null ? null : new JsonObject { [PaymentIdentifier.Name] = new JsonObject { ["info"] = new JsonObject { ["required"] = false, ["id"] = paymentId } } };
        return X402Headers.Encode(new PaymentPayload(X402Headers.Version, requirements, new JsonObject { ["transaction"] = transaction.ToBase64(requireAllSignatures: false) }, Extensions: extensions));
    }

    /// <summary>
    /// The key the escrow is opened under: the one the node quoted (extra.verifyingKeyHash, its circuit's), which must
    /// be one of the program config's current keys; a node that names none gets the config's slot 0, the full
    /// grounding circuit's, which proves any request.
    /// </summary>
    private async Task<byte[]> QuotedKeyAsync(EscrowProgram program, string? quoted, CancellationToken cancellationToken)
    {
        var account = await rpc.GetAccountInfoAsync(program.FindConfig().Address, cancellationToken: cancellationToken)
            ?? throw new ArgumentException($"The escrow program {program.ProgramId} has no config on this chain: the network is not set up (zks network init).");
        var config = EscrowProgram.DecodeConfig(account.Data);
        if (quoted is null)
        {
            if (!config.IsCurrentKey(config.VerifyingKeyHash))
            {
                throw new ArgumentException($"The escrow program {program.ProgramId} has no key for the full grounding circuit (config slot 0): the network is not set up (zks network init).");
            }
            return config.VerifyingKeyHash;
        }
        byte[] hash;
        try
        {
            hash = Convert.FromHexString(quoted);
        }
        catch (FormatException)
        {
            hash = [];
        }
        if (hash.Length != 32) throw new ArgumentException($"The requirements' extra.verifyingKeyHash '{quoted}' is not a 32-byte hex SHA-256.");
        if (!config.IsCurrentKey(hash))
        {
            throw new ArgumentException($"The node quoted verifying key {quoted}, which is not one of the escrow program's current keys, so the program would refuse the escrow. Ask the node for a new quote.");
        }
        return hash;
    }

    private static string Field(JsonObject extra, string name) =>
        ExtraFields.Text(extra[name]) ?? throw new ArgumentException($"The requirements' extra has no {name}.", nameof(extra));

    private static long Number(JsonObject extra, string name) =>
        ExtraFields.Number(extra[name]) ?? throw new ArgumentException($"The requirements' extra has no number {name}.", nameof(extra));
}
