using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Rpc;

/// <summary>Builds, signs, sends and confirms transactions with a fresh blockhash.</summary>
public static class TransactionSender
{
    /// <summary>Compiles the instructions into a legacy transaction signed by every signer (the first pays), sends it and waits.</summary>
    public static async Task<string> SendAsync(this SolanaRpcClient rpc, IReadOnlyList<TransactionInstruction> instructions, Keypair[] signers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(signers);
        if (signers.Length == 0)
        {
            throw new ArgumentException("At least one signer (the fee payer) is needed.", nameof(signers));
        }

        var blockhash = await rpc.GetLatestBlockhashAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var message = Message.Compile(signers[0].PublicKey, instructions, blockhash.Blockhash);
        var transaction = new Transaction(message).Sign(signers);
        return await rpc.SendAndConfirmTransactionAsync(transaction, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
