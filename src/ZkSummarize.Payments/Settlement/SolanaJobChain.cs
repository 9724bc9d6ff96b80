using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Settlement;

/// <summary>
/// The job's chain port on a Solana JSON-RPC node and our escrow program. With the PayTo wallet's key it
/// also pays workers their share of `exact` payments: an `exact` payment goes to PayTo up front, so once the
/// worker's attestation has landed the node transfers it what the program pays a worker from an escrow.
/// </summary>
/// <param name="program">The escrow program; null on a node that only sells `exact` (it never attests).</param>
public sealed class SolanaJobChain(SolanaRpcClient rpc, EscrowProgram? program, PublicKey mint, Keypair feePayer, Keypair? payTo, TimeProvider? time = null) : IJobChain
{
    private EscrowProgram Program => program ?? throw new InvalidOperationException("This node has no escrow program (Node:ProgramId): it neither attests nor pays workers.");

    /// <summary>How long an unconfirmed transaction may still land (about two blockhash lifetimes).</summary>
    public static readonly TimeSpan LandingWindow = TimeSpan.FromSeconds(120);

    private byte? _decimals; // a mint's decimals never change: read once

    public string SignatureOf(string signedTransaction) => Transaction.FromBase64(signedTransaction).Signature;

    public Task<(Landing Landing, string? Error)> LandingAsync(string signature, DateTimeOffset sentAt, CancellationToken cancellationToken = default) => Reachable(async () =>
    {
        var status = (await rpc.GetSignatureStatusesAsync([signature], searchTransactionHistory: true, cancellationToken).ConfigureAwait(false))[0];
        if (status is { Error: null } && status.Reached(Commitment.Confirmed)) return (Landing.Landed, (string?)null);
        if (status is { Error: { } error }) return (Landing.Failed, error);
        return ((time ?? TimeProvider.System).GetUtcNow() - sentAt <= LandingWindow ? Landing.Pending : Landing.Gone, null);
    });

    public Task<AttestationRecord?> FindAttestationAsync(string requestId, string? directWorker, CancellationToken cancellationToken = default) => Reachable(async () =>
    {
        var id = Convert.FromHexString(requestId);
        var address = directWorker is null ? Program.FindAttestation(id).Address : Program.FindDirectAttestation(PublicKey.Parse(directWorker), id).Address;
        var account = await rpc.GetAccountInfoAsync(address, cancellationToken: cancellationToken).ConfigureAwait(false);
        // Only our program writes accounts it owns: lamports sent to the address by a stranger are not an attestation.
        if (account is null || account.Owner != Program.ProgramId) return null;
        var a = EscrowProgram.DecodeAttestation(account.Data);
        return new AttestationRecord(a.Escrowed, a.Worker.ToString(), Convert.ToHexStringLower(a.DocRoot), Convert.ToHexStringLower(a.SummaryHash), a.Sentences,
            Convert.ToHexStringLower(a.VerifyingKeyHash), a.PaidToWorker, a.PaidFee, a.Operator?.ToString());
    });

    public Task<bool> EscrowOpenAsync(string requestId, CancellationToken cancellationToken = default) => Reachable(async () =>
    {
        var account = await rpc.GetAccountInfoAsync(Program.FindEscrow(Convert.FromHexString(requestId)).Address, cancellationToken: cancellationToken).ConfigureAwait(false);
        return account is not null && account.Owner == Program.ProgramId && account.Data.Length == EscrowProgram.EscrowSize;
    });

    public async Task<SendOutcome> SendAsync(string signedTransaction, CancellationToken cancellationToken = default)
    {
        try
        {
            await rpc.SendAndConfirmTransactionAsync(Transaction.FromBase64(signedTransaction), cancellationToken: cancellationToken).ConfigureAwait(false);
            return SendOutcome.Success;
        }
        catch (SolanaRpcException e) when (e.TransactionError is { } error)
        {
            return new SendOutcome(false, program is null ? null : EscrowProgram.ErrorFromTransactionError(error)?.ToString(), e.Message);
        }
        catch (TransactionFailedException e)
        {
            return new SendOutcome(false, program is null ? null : EscrowProgram.ErrorFromTransactionError(e.Error)?.ToString(), e.Message);
        }
        catch (Exception e) when (e is SolanaRpcException or HttpRequestException)
        {
            throw new ChainUnavailableException($"The chain did not take the transaction: {e.Message}", e);
        }
    }

    public Task<IReadOnlyList<string?>> CurrentVerifyingKeysAsync(CancellationToken cancellationToken = default) => Reachable(async () =>
    {
        var account = await rpc.GetAccountInfoAsync(Program.FindConfig().Address, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (account is null || account.Owner != Program.ProgramId) return (IReadOnlyList<string?>)[];
        var config = EscrowProgram.DecodeConfig(account.Data);
        return config.VerifyingKeyHashes.Select(hash => config.IsCurrentKey(hash) ? Convert.ToHexStringLower(hash) : null).ToArray();
    });

    public bool PaysWorker(string worker) => payTo is not null && program is not null && worker != payTo.PublicKey.ToString();

    public Task<PreparedPayout> PrepareWorkerPayoutAsync(string worker, ulong price, string requestId, CancellationToken cancellationToken = default) => Reachable(async () =>
    {
        var paying = payTo ?? throw new InvalidOperationException("The node holds no PayTo key (Node:PayToKeypair): it does not pay workers.");
        var config = await rpc.GetAccountInfoAsync(Program.FindConfig().Address, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The escrow program has no config account; it must be initialised before it attests.");
        var amount = price - (price * EscrowProgram.DecodeConfig(config.Data).FeeBasisPoints / 10_000);
        _decimals ??= MintAccount.Decode((await rpc.GetAccountInfoAsync(mint, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The mint {mint} does not exist on this chain.")).Data).Decimals;
        var workerKey = PublicKey.Parse(worker);
        TransactionInstruction[] instructions =
        [
            AssociatedTokenProgram.CreateIdempotent(feePayer.PublicKey, workerKey, mint),
            TokenProgram.TransferChecked(AssociatedTokenProgram.GetAssociatedTokenAddress(paying.PublicKey, mint), mint,
                AssociatedTokenProgram.GetAssociatedTokenAddress(workerKey, mint), paying.PublicKey, amount, _decimals.Value),
            WorkerPayout.Memo(requestId),
        ];
        var blockhash = await rpc.GetLatestBlockhashAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var transaction = new Transaction(Message.Compile(feePayer.PublicKey, instructions, blockhash.Blockhash)).Sign(feePayer, paying);
        return new PreparedPayout(amount, transaction.ToBase64(), transaction.Signature);
    });

    // RPC errors that are not a transaction's own failure, and a node that cannot be reached at all, mean the chain could not answer now.
    private static async Task<T> Reachable<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SolanaRpcException { TransactionError: null } or HttpRequestException)
        {
            throw new ChainUnavailableException($"The chain could not answer: {e.Message}", e);
        }
    }
}
