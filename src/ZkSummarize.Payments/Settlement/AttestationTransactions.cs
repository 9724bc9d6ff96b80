using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Settlement;

/// <summary>
/// A worker's attestation of a receipt it proved, as a signed transaction: Attest, which releases the
/// escrow (read from the chain: its operator, key, client and vault), or AttestDirect for a summary paid
/// outside escrow. The program finishes summaryHash from the hash chain hₖ and the count, so the chain is
/// recomputed from the receipt's sentences.
/// </summary>
public sealed class AttestationTransactions(SolanaRpcClient rpc, EscrowProgram program, PublicKey mint)
{
    /// <summary>Attest stays under 120,000 units (docs/benchmarks.md); the two idempotent account creations before it need about 40,000.</summary>
    private const uint EscrowUnits = 200_000, DirectUnits = 150_000;

    /// <summary>The chain's clock (Unix seconds): the one the program checks an escrow's deadline against.</summary>
    public async Task<long> ChainClockAsync(CancellationToken cancellationToken = default) => (await rpc.GetClockAsync(cancellationToken).ConfigureAwait(false)).UnixTimestamp;

    /// <exception cref="InvalidOperationException">The escrow is no longer open, or the program has no config.</exception>
    public async Task<string> SignAsync(Keypair worker, Receipt receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(receipt);
        var requestId = Convert.FromHexString(receipt.RequestId);
        var chain = SummaryHashing.Chain(FieldEncoding.RequestId(requestId), receipt.SummaryLeaves()).ToBytesBigEndian();
        var proof = Convert.FromHexString(receipt.Proof);
        TransactionInstruction[] instructions;
        try
        {
            instructions = receipt.Settlement == Settlements.Direct
                ? [ComputeBudgetProgram.SetComputeUnitLimit(DirectUnits),
                   program.AttestDirect(worker.PublicKey, requestId, Convert.FromHexString(receipt.DocRoot), Convert.FromHexString(receipt.VerifyingKeyHash), chain, receipt.Summary.Count, proof)]
                : [ComputeBudgetProgram.SetComputeUnitLimit(EscrowUnits), AssociatedTokenProgram.CreateIdempotent(worker.PublicKey, worker.PublicKey, mint),
                   .. program.AttestWithClientAccount(worker.PublicKey, AssociatedTokenProgram.GetAssociatedTokenAddress(worker.PublicKey, mint), await TreasuryAsync(cancellationToken).ConfigureAwait(false),
                       mint, await EscrowAsync(requestId, cancellationToken).ConfigureAwait(false), chain, proof)];
            // The fee follows the cluster: a price only when recent transactions writing the same accounts paid one.
            var written = instructions[^1].Accounts.Where(a => a.IsWritable).Select(a => a.PublicKey).Distinct().ToList();
            var price = await rpc.EstimateComputeUnitPriceAsync(written, cancellationToken).ConfigureAwait(false);
            if (price > 0) instructions = [instructions[0], ComputeBudgetProgram.SetComputeUnitPrice(price), .. instructions[1..]];
            var blockhash = await rpc.GetLatestBlockhashAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new Transaction(Message.Compile(worker.PublicKey, instructions, blockhash.Blockhash)).Sign(worker).ToBase64();
        }
        catch (Exception e) when (e is SolanaRpcException { TransactionError: null } or HttpRequestException)
        {
            throw new ChainUnavailableException($"The chain could not answer: {e.Message}", e);
        }
    }

    private async Task<EscrowAccount> EscrowAsync(byte[] requestId, CancellationToken cancellationToken)
    {
        var account = await rpc.GetAccountInfoAsync(program.FindEscrow(requestId).Address, cancellationToken: cancellationToken).ConfigureAwait(false);
        return account is not null && account.Owner == program.ProgramId
            ? EscrowProgram.DecodeEscrow(account.Data)
            : throw new InvalidOperationException($"The escrow of request {Convert.ToHexStringLower(requestId)} is not open: it was attested or refunded.");
    }

    private async Task<PublicKey> TreasuryAsync(CancellationToken cancellationToken)
    {
        var config = await rpc.GetAccountInfoAsync(program.FindConfig().Address, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The escrow program {program.ProgramId} has no config account; run InitializeConfig.");
        return EscrowProgram.DecodeConfig(config.Data).Treasury;
    }
}
