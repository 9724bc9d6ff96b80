using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ZkSummarize.DevChain;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using ZkSummarize.Testing;

namespace ZkSummarize.Solana.Tests;

/// <summary>A dev chain whose slots pass every 20 ms, so a blockhash (150 slots) expires in about 3 s.</summary>
public sealed class FastSlotsChainFixture : DevChainFixture
{
    protected override void Configure(DevChainOptions options) => options.SlotInterval = TimeSpan.FromMilliseconds(20);
}

/// <summary>
/// Transactions a leader drops, as real clusters do under load: the RPC node answers with the signature but the
/// transaction never lands. Between the client and the dev chain sits a loopback RPC node that drops sends.
/// </summary>
public sealed class ResendTests(FastSlotsChainFixture chain) : IClassFixture<FastSlotsChainFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly HttpClient Forward = new();

    [Fact]
    public async Task A_dropped_transaction_is_sent_again_until_it_lands_once()
    {
        var dropped = 0;
        await using var lossy = DroppingRpcNode(() => Interlocked.Increment(ref dropped) <= 2);
        var rpc = SolanaRpcClient.Create(lossy.Url, o => o.ResendInterval = TimeSpan.FromMilliseconds(300));
        var (payer, recipient) = (await FundedAsync(rpc), Keypair.Generate());

        var signature = await rpc.SendAsync([SystemProgram.Transfer(payer.PublicKey, recipient.PublicKey, 1_000_000)], [payer], Ct);
        Assert.True(dropped >= 3, $"sent {dropped} times");
        Assert.Equal(1_000_000UL, await rpc.GetBalanceAsync(recipient.PublicKey, cancellationToken: Ct)); // once, however often it was sent
        Assert.NotNull(await rpc.GetTransactionAsync(signature, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_transaction_that_never_lands_is_given_up_when_its_blockhash_expires_and_moves_nothing()
    {
        await using var blackHole = DroppingRpcNode(() => true);
        var rpc = SolanaRpcClient.Create(blackHole.Url, o => o.ResendInterval = TimeSpan.FromMilliseconds(300));
        var (payer, recipient) = (await FundedAsync(rpc), Keypair.Generate());
        var balance = await rpc.GetBalanceAsync(payer.PublicKey, cancellationToken: Ct);

        var expired = await Assert.ThrowsAsync<BlockhashExpiredException>(() => rpc.SendAsync([SystemProgram.Transfer(payer.PublicKey, recipient.PublicKey, 1_000_000)], [payer], Ct));
        Assert.Contains("can never land", expired.Message, StringComparison.Ordinal);
        Assert.Equal(balance, await rpc.GetBalanceAsync(payer.PublicKey, cancellationToken: Ct));
        Assert.Equal(0UL, await rpc.GetBalanceAsync(recipient.PublicKey, cancellationToken: Ct));
    }

    private static async Task<Keypair> FundedAsync(SolanaRpcClient rpc)
    {
        var keypair = Keypair.Generate();
        await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(keypair.PublicKey, 1_000_000_000, Ct), cancellationToken: Ct);
        return keypair;
    }

    /// <summary>An RPC node in front of the chain that answers a dropped sendTransaction with its signature, as if it had forwarded it.</summary>
    private LoopbackHttpServer DroppingRpcNode(Func<bool> drop)
    {
        _ = chain.RpcUrl; // the chain it forwards to: skips the test in a mutation run without one
        return LoopbackHttpServer.Start((_, body) =>
        {
            var request = JsonNode.Parse(body)!;
            if (request["method"]?.GetValue<string>() == "sendTransaction" && drop())
            {
                var signature = Transaction.FromBase64(request["params"]![0]!.GetValue<string>()).Signature;
                return new HttpAnswer(HttpStatusCode.OK, new JsonObject { ["jsonrpc"] = "2.0", ["result"] = signature, ["id"] = request["id"]!.DeepClone() }.ToJsonString());
            }

            using var forwarded = Forward.Send(new HttpRequestMessage(HttpMethod.Post, chain.RpcUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
            return new HttpAnswer(forwarded.StatusCode, forwarded.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        });
    }
}
