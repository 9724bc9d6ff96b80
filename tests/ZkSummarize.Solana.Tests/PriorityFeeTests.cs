using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Solana.Tests;

/// <summary>Priority fees follow the cluster: getRecentPrioritizationFees on the dev chain, and the price a transaction offers from it.</summary>
public sealed class PriorityFeeTests(DevChainFixture chain) : IClassFixture<DevChainFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_offered_price_is_the_75th_percentile_of_recent_slots_writing_the_accounts_capped_and_zero_when_nobody_pays()
    {
        var rpc = SolanaRpcClient.Create(chain.RpcUrl);
        var payer = Keypair.Generate();
        await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(payer.PublicKey, 1_000_000_000, Ct), cancellationToken: Ct);
        var busy = Keypair.Generate().PublicKey;
        foreach (var price in new ulong[] { 1_000, 2_000, 3_000, 4_000 })
        {
            var slot = await rpc.GetSlotAsync(Commitment.Processed, Ct);
            while (await rpc.GetSlotAsync(Commitment.Processed, Ct) == slot) await Task.Delay(50, Ct); // one price per slot
            await rpc.SendAsync([ComputeBudgetProgram.SetComputeUnitPrice(price), SystemProgram.Transfer(payer.PublicKey, busy, 1_000_000)], [payer], Ct);
        }

        var fees = await rpc.GetRecentPrioritizationFeesAsync([busy], Ct);
        Assert.Equal([1_000UL, 2_000, 3_000, 4_000], fees.Where(f => f.MicroLamportsPerUnit > 0).Select(f => f.MicroLamportsPerUnit));
        Assert.Equal(3_000UL, await rpc.EstimateComputeUnitPriceAsync([busy], Ct));
        Assert.Equal(2_500UL, await SolanaRpcClient.Create(chain.RpcUrl, o => o.MaxComputeUnitPrice = 2_500).EstimateComputeUnitPriceAsync([busy], Ct));
        Assert.Equal(0UL, await rpc.EstimateComputeUnitPriceAsync([Keypair.Generate().PublicKey], Ct)); // nobody competes for it
    }
}
