using System.Text.Json.Nodes;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using ZkSummarize.Testing;

namespace ZkSummarize.Payments.Tests;

/// <summary>Settling exact payments on the dev chain: the money moves once, and every bad payment moves nothing.</summary>
public sealed class ExactSvmSettlementTests(DevChainFixture chain) : IClassFixture<DevChainFixture>
{
    private const string Network = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    private const ulong Price = 250_000;
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private sealed record Setup(SolanaRpcClient Rpc, SvmFacilitator Facilitator, Keypair Client, PublicKey ClientTokens, PublicKey Mint, PublicKey PayTo, PublicKey PayToTokens, Keypair FeePayer);

    private async Task<Setup> SetUpAsync(ulong clientBalance = 10 * Price, TimeProvider? clock = null)
    {
        var rpc = SolanaRpcClient.Create(chain.RpcUrl);
        var tokens = new TokenClient(rpc);
        var feePayer = Keypair.Generate();
        var client = Keypair.Generate();
        var payTo = Keypair.Generate();
        using var mint = Keypair.Generate();
        foreach (var k in new[] { feePayer, client }) await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(k.PublicKey, 1_000_000_000, Ct), cancellationToken: Ct);
        await tokens.CreateMintAsync(feePayer, mint, 6, feePayer.PublicKey, Ct);
        var clientTokens = await tokens.CreateAssociatedTokenAccountAsync(feePayer, client.PublicKey, mint.PublicKey, Ct);
        var payToTokens = await tokens.CreateAssociatedTokenAccountAsync(feePayer, payTo.PublicKey, mint.PublicKey, Ct);
        if (clientBalance > 0) await tokens.MintToAsync(feePayer, mint.PublicKey, clientTokens, feePayer, clientBalance, Ct);
        return new Setup(rpc, new SvmFacilitator(rpc, feePayer, Network, time: clock), client, clientTokens, mint.PublicKey, payTo.PublicKey, payToTokens, feePayer);
    }

    private static PaymentRequirements Requirements(Setup s) => new("exact", Network, Price.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Mint.ToString(), s.PayTo.ToString(), 60,
        new JsonObject { ["feePayer"] = s.Facilitator.FeePayer });

    // What the official client builds: limit, price, TransferChecked to payTo's ATA, a random memo; fee payer's signature empty.
    private static async Task<PaymentPayload> PayAsync(Setup s, ulong amount = Price, string? blockhash = null)
    {
        blockhash ??= (await s.Rpc.GetLatestBlockhashAsync(cancellationToken: Ct)).Blockhash;
        var message = Message.Compile(s.Facilitator.FeePayerKey,
            [ComputeBudgetProgram.SetComputeUnitLimit(20_000), ComputeBudgetProgram.SetComputeUnitPrice(1),
             TokenProgram.TransferChecked(s.ClientTokens, s.Mint, s.PayToTokens, s.Client.PublicKey, amount, 6),
             MemoProgram.Memo(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()))],
            blockhash);
        var transaction = new Transaction(message).Sign(s.Client);
        return new PaymentPayload(2, Requirements(s), new JsonObject { ["transaction"] = transaction.ToBase64(requireAllSignatures: false) });
    }

    private static async Task<(ulong Client, ulong PayTo)> BalancesAsync(Setup s) =>
        ((await s.Rpc.GetTokenAccountBalanceAsync(s.ClientTokens, cancellationToken: Ct)).Amount, (await s.Rpc.GetTokenAccountBalanceAsync(s.PayToTokens, cancellationToken: Ct)).Amount);

    [Fact]
    public async Task A_valid_payment_settles_once_and_a_replay_is_refused()
    {
        var s = await SetUpAsync();
        var (client, payTo) = await BalancesAsync(s);
        var payment = await PayAsync(s);

        Assert.True((await s.Facilitator.VerifyAsync(payment, Requirements(s), Ct)).IsValid);
        var settled = await s.Facilitator.SettleAsync(payment, Requirements(s), cancellationToken: Ct);
        Assert.True(settled.Success, settled.ErrorReason);
        Assert.Equal(Network, settled.Network);
        Assert.Equal((client - Price, payTo + Price), await BalancesAsync(s));
        var details = await s.Rpc.GetTransactionAsync(settled.Transaction, cancellationToken: Ct);
        Assert.Null(details!.Error);

        var replay = await s.Facilitator.SettleAsync(payment, Requirements(s), cancellationToken: Ct);
        Assert.False(replay.Success);
        Assert.Equal("duplicate_settlement", replay.ErrorReason);
        Assert.Equal((client - Price, payTo + Price), await BalancesAsync(s));
        Assert.Equal(settled, X402Headers.Decode<SettlementResponse>(X402Headers.Encode(settled), X402Headers.PaymentResponse));
    }

    [Fact]
    public async Task Bad_payments_are_refused_and_move_nothing()
    {
        var s = await SetUpAsync(clientBalance: Price / 2);
        var before = await BalancesAsync(s);
        var cases = new (PaymentPayload Payment, PaymentRequirements Requirements, string Reason)[]
        {
            (await PayAsync(s, amount: Price - 1), Requirements(s), "invalid_exact_svm_payload_amount_mismatch"),
            (await PayAsync(s), Requirements(s), "transaction_simulation_failed"),                          // the client holds half the price
            (await PayAsync(s, blockhash: Base58.Encode(new byte[32])), Requirements(s), "transaction_simulation_failed"), // unknown blockhash
            (await PayAsync(s), Requirements(s) with { Network = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp" }, "invalid_network"),
        };
        foreach (var (payment, requirements, reason) in cases)
        {
            var result = await s.Facilitator.SettleAsync(payment, requirements, cancellationToken: Ct);
            Assert.False(result.Success);
            Assert.Equal(reason, result.ErrorReason);
        }
        Assert.Equal(before, await BalancesAsync(s));
    }

    /// <summary>
    /// A payment the chain refuses is released at once (the client may pay again once it can), a failed settlement
    /// carries no transaction, and verifying checks the rules before the chain.
    /// </summary>
    [Fact]
    public async Task A_payment_refused_by_the_simulation_can_be_settled_once_the_client_can_pay()
    {
        var s = await SetUpAsync(clientBalance: 0);
        var payment = await PayAsync(s);
        var refused = await s.Facilitator.SettleAsync(payment, Requirements(s), cancellationToken: Ct);
        Assert.Equal(("transaction_simulation_failed", ""), (refused.ErrorReason, refused.Transaction));
        Assert.Equal(s.Client.PublicKey.ToString(), refused.Payer);
        Assert.Equal("transaction_simulation_failed", (await s.Facilitator.VerifyAsync(payment, Requirements(s), Ct)).InvalidReason);

        await new TokenClient(s.Rpc).MintToAsync(s.FeePayer, s.Mint, s.ClientTokens, s.FeePayer, Price, Ct);
        (string Signature, string? Payer)? recorded = null;
        var settled = await s.Facilitator.SettleAsync(payment, Requirements(s), (signature, payer) => { recorded = (signature, payer); return Task.CompletedTask; }, Ct); // the same payment, not a duplicate
        Assert.True(settled.Success, settled.ErrorReason);
        Assert.Equal((settled.Transaction, s.Client.PublicKey.ToString()), recorded); // told before it was sent, so a caller can record it
        Assert.Equal((0UL, Price), await BalancesAsync(s));

        // The rules come before the chain: verifying a payment for another amount never reaches the simulation.
        var wrong = await PayAsync(s, amount: Price - 1);
        Assert.Equal("invalid_exact_svm_payload_amount_mismatch", (await s.Facilitator.VerifyAsync(wrong, Requirements(s), Ct)).InvalidReason);
        Assert.Equal("invalid_network", (await s.Facilitator.VerifyAsync(wrong, Requirements(s) with { Network = "solana:x" }, Ct)).InvalidReason);
        await Assert.ThrowsAsync<ArgumentNullException>(() => s.Facilitator.VerifyAsync(null!, Requirements(s), Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => s.Facilitator.SettleAsync(wrong, null!, cancellationToken: Ct));
        Assert.Throws<ArgumentNullException>(() => new SvmFacilitator(s.Rpc, null!, Network));
    }

    /// <summary>The duplicate window runs on the facilitator's clock: after it, a replay is the chain's to refuse (already processed).</summary>
    [Fact]
    public async Task After_the_duplicate_window_a_replay_is_refused_by_the_chain()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var s = await SetUpAsync(clock: clock);
        var payment = await PayAsync(s);
        Assert.True((await s.Facilitator.SettleAsync(payment, Requirements(s), cancellationToken: Ct)).Success);
        Assert.Equal("duplicate_settlement", (await s.Facilitator.SettleAsync(payment, Requirements(s), cancellationToken: Ct)).ErrorReason);
        clock.Advance(TimeSpan.FromSeconds(121));
        var replay = await s.Facilitator.SettleAsync(payment, Requirements(s), cancellationToken: Ct);
        Assert.False(replay.Success);
        Assert.NotEqual("duplicate_settlement", replay.ErrorReason);
        Assert.Equal((10 * Price - Price, Price), await BalancesAsync(s));
    }
}
