using ZkSummarize.Grains.Workers;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Grains.Sales;

/// <summary>
/// Pays workers their share of `exact` payments. An `exact` payment goes to the node's PayTo wallet up
/// front, so once the worker's attestation has landed the node transfers it what the program pays a
/// worker from an escrow: the price less the program's fee (its config's basis points). This needs the
/// PayTo wallet's key (Node:PayToKeypair); without it, <see cref="Enabled"/> is false and `exact` payments
/// stay with PayTo (an operator who runs its own workers).
/// </summary>
public sealed class WorkerPayouts(SolanaRpcClient rpc, Keypair feePayer, Keypair? payTo, PublicKey mint, EscrowProgram? program)
{
    private byte? _decimals; // a mint's decimals never change: read once

    public bool Enabled => payTo is not null && program is not null;

    /// <summary>Whether <paramref name="worker"/> is owed a transfer (PayTo does not pay itself).</summary>
    public bool Owes(PublicKey worker) => Enabled && worker != payTo!.PublicKey;

    /// <summary>The worker's share of <paramref name="price"/>, with the program's current fee.</summary>
    public async Task<ulong> ShareAsync(ulong price, CancellationToken cancellationToken = default)
    {
        var config = await rpc.GetAccountInfoAsync(program!.FindConfig().Address, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException("The escrow program has no config account; it must be initialised before it attests.");
        return price - (price * EscrowProgram.DecodeConfig(config.Data).FeeBasisPoints / 10_000);
    }

    /// <summary>
    /// The transfer of <paramref name="amount"/> from PayTo to the worker's USDC account (created if it is
    /// missing, the fee payer paying), with a memo that names the request (<see cref="WorkerPayout"/>, which
    /// `zks worker earnings` reads), signed and not sent, so that the caller can record its signature first.
    /// </summary>
    public async Task<SignedTransaction> SignAsync(PublicKey worker, ulong amount, string requestId, CancellationToken cancellationToken = default)
    {
        _decimals ??= MintAccount.Decode((await rpc.GetAccountInfoAsync(mint, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException($"The mint {mint} does not exist on this chain.")).Data).Decimals;
        TransactionInstruction[] instructions =
        [
            AssociatedTokenProgram.CreateIdempotent(feePayer.PublicKey, worker, mint),
            TokenProgram.TransferChecked(AssociatedTokenProgram.GetAssociatedTokenAddress(payTo!.PublicKey, mint), mint,
                AssociatedTokenProgram.GetAssociatedTokenAddress(worker, mint), payTo.PublicKey, amount, _decimals.Value),
            WorkerPayout.Memo(requestId),
        ];
        var blockhash = await rpc.GetLatestBlockhashAsync(cancellationToken: cancellationToken);
        var transaction = new Transaction(Message.Compile(feePayer.PublicKey, instructions, blockhash.Blockhash)).Sign(feePayer, payTo);
        return new SignedTransaction(transaction.ToBase64(), transaction.Signature);
    }
}
