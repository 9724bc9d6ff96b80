using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>One paying client of a soak: its key, its USDC account, and what it held once funded.</summary>
internal sealed record SoakClient(int Index, Keypair Key, PublicKey Usdc, ulong Funded);

/// <summary>
/// Makes the soak's paying clients: each its own key and USDC account, funded from the network's client, so
/// that each client's debit can be checked against the payments it made.
/// </summary>
internal static class SoakClients
{
    /// <summary>SOL for the account rents a client may pay; fees are paid by the node's fee payer.</summary>
    private const ulong Lamports = 1_000_000_000;

    public static async Task<IReadOnlyList<SoakClient>> FundAsync(SolanaRpcClient rpc, ChainSetup setup, int count, ulong usdcEach, IProgress<int> funded, CancellationToken ct)
    {
        var tokens = new TokenClient(rpc);
        await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(setup.Client.PublicKey, Lamports, ct), cancellationToken: ct); // the rents of their token accounts
        var clients = new SoakClient[count];
        var done = 0;
        // A few at a time: each is three transactions, and the chain confirms them one by one anyway.
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            var key = Keypair.Generate();
            await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(key.PublicKey, Lamports, token), cancellationToken: token);
            var usdc = await tokens.CreateAssociatedTokenAccountAsync(setup.Client, key.PublicKey, setup.Mint, token);
            await tokens.TransferCheckedAsync(setup.Client, setup.ClientUsdc, setup.Mint, usdc, usdcEach, ChainBootstrap.UsdcDecimals, token);
            clients[i] = new SoakClient(i, key, usdc, (await rpc.GetTokenAccountBalanceAsync(usdc, cancellationToken: token)).Amount);
            funded.Report(Interlocked.Increment(ref done));
        });
        return clients;
    }
}
