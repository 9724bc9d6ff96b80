using System.Buffers.Binary;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using ZkSummarize.Testing;

namespace ZkSummarize.Solana.Tests;

/// <summary>The client against a real Solana runtime (LiteSVM) behind our dev chain's JSON-RPC.</summary>
public sealed class DevChainRpcTests(DevChainFixture chain) : IClassFixture<DevChainFixture>
{
    private const ulong Sol = 1_000_000_000;
    private readonly SolanaRpcClient _rpc = SolanaRpcClient.Create(chain.RpcUrl);

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Keypair> FundedAsync(ulong lamports = 2 * Sol)
    {
        var keypair = Keypair.Generate();
        var signature = await _rpc.RequestAirdropAsync(keypair.PublicKey, lamports, Ct);
        await _rpc.ConfirmTransactionAsync(signature, cancellationToken: Ct);
        return keypair;
    }

    [Fact]
    public async Task Usdc_like_mint_accounts_mint_and_transfer_checked()
    {
        var payer = await FundedAsync();
        using var mint = Keypair.Generate();
        using var alice = Keypair.Generate();
        using var bob = Keypair.Generate();
        var tokens = new TokenClient(_rpc);

        await tokens.CreateMintAsync(payer, mint, decimals: 6, payer.PublicKey, Ct);
        var aliceAta = await tokens.CreateAssociatedTokenAccountAsync(payer, alice.PublicKey, mint.PublicKey, Ct);
        var bobAta = await tokens.CreateAssociatedTokenAccountAsync(payer, bob.PublicKey, mint.PublicKey, Ct);
        Assert.Equal(bobAta, await tokens.CreateAssociatedTokenAccountAsync(payer, bob.PublicKey, mint.PublicKey, Ct)); // idempotent
        await tokens.MintToAsync(payer, mint.PublicKey, aliceAta, payer, 5_000_000, Ct);

        // Alice pays no fees here: the payer is the fee payer and alice co-signs.
        var blockhash = await _rpc.GetLatestBlockhashAsync(cancellationToken: Ct);
        var transfer = new Transaction(Message.Compile(payer.PublicKey,
            [TokenProgram.TransferChecked(aliceAta, mint.PublicKey, bobAta, alice.PublicKey, 1_250_000, 6)], blockhash.Blockhash)).Sign(payer, alice);
        var signature = await _rpc.SendAndConfirmTransactionAsync(transfer, Commitment.Finalized, cancellationToken: Ct);

        Assert.Equal(3_750_000UL, (await _rpc.GetTokenAccountBalanceAsync(aliceAta, cancellationToken: Ct)).Amount);
        var bobBalance = await _rpc.GetTokenAccountBalanceAsync(bobAta, cancellationToken: Ct);
        Assert.Equal(1_250_000UL, bobBalance.Amount);
        Assert.Equal("1.25", bobBalance.UiAmountString);
        Assert.Equal(6, bobBalance.Decimals);

        var mintInfo = MintAccount.Decode((await _rpc.GetAccountInfoAsync(mint.PublicKey, cancellationToken: Ct))!.Data);
        Assert.Equal(5_000_000UL, mintInfo.Supply);
        Assert.Equal(payer.PublicKey, mintInfo.MintAuthority);
        var bobAccount = TokenAccount.Decode((await _rpc.GetAccountInfoAsync(bobAta, cancellationToken: Ct))!.Data);
        Assert.Equal(bob.PublicKey, bobAccount.Owner);

        var details = await _rpc.GetTransactionAsync(signature, cancellationToken: Ct);
        Assert.NotNull(details);
        Assert.Null(details.Error);
        Assert.Contains($"Program {TokenProgram.ProgramId} invoke [1]", details.Logs);
        Assert.Contains($"Program {TokenProgram.ProgramId} success", details.Logs);
        Assert.True(details.ComputeUnitsConsumed > 0);
        Assert.Equal(2 * 5000UL, details.Fee); // two signatures
        Assert.Equal(details.Fee, details.PreBalances[0] - details.PostBalances[0]); // what the runtime charged the payer
        Assert.Equal(signature, Transaction.Deserialize(details.TransactionBytes).Signature);
    }

    [Fact]
    public async Task Insufficient_funds_fail_with_the_error_and_logs()
    {
        var payer = await FundedAsync();
        using var mint = Keypair.Generate();
        var tokens = new TokenClient(_rpc);
        await tokens.CreateMintAsync(payer, mint, 6, payer.PublicKey, Ct);
        var from = await tokens.CreateAssociatedTokenAccountAsync(payer, payer.PublicKey, mint.PublicKey, Ct);
        var to = await tokens.CreateAssociatedTokenAccountAsync(payer, Keypair.Generate().PublicKey, mint.PublicKey, Ct);
        await tokens.MintToAsync(payer, mint.PublicKey, from, payer, 100, Ct);

        var e = await Assert.ThrowsAsync<SolanaRpcException>(() => tokens.TransferCheckedAsync(payer, from, mint.PublicKey, to, 101, 6, Ct));
        Assert.Equal(SolanaRpcException.SendTransactionPreflightFailure, e.Code);
        Assert.Contains("custom program error: 0x1", e.Message, StringComparison.Ordinal);
        Assert.Contains(e.Logs, l => l.Contains("insufficient funds", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("{\"InstructionError\":[0,{\"Custom\":1}]}", e.TransactionError);
        Assert.Equal(100UL, (await _rpc.GetTokenAccountBalanceAsync(from, cancellationToken: Ct)).Amount);
    }

    [Fact]
    public async Task A_failure_that_lands_is_reported_by_confirmation()
    {
        var payer = await FundedAsync();
        var blockhash = await _rpc.GetLatestBlockhashAsync(cancellationToken: Ct);
        var overdraw = new Transaction(Message.Compile(payer.PublicKey,
            [SystemProgram.Transfer(payer.PublicKey, Keypair.Generate().PublicKey, 10 * Sol)], blockhash.Blockhash)).Sign(payer);
        var signature = await _rpc.SendTransactionAsync(overdraw, new SendTransactionOptions(SkipPreflight: true), Ct);
        var e = await Assert.ThrowsAsync<TransactionFailedException>(() => _rpc.ConfirmTransactionAsync(signature, cancellationToken: Ct));
        Assert.Contains("InstructionError", e.Error, StringComparison.Ordinal);
        Assert.NotEmpty(e.Logs);
    }

    [Fact]
    public async Task Simulation_of_a_partially_signed_transaction_needs_no_fee_payer_signature()
    {
        // The x402 facilitator simulates the client's transaction before it adds its own fee-payer signature.
        var feePayer = await FundedAsync();
        using var client = Keypair.Generate();
        var blockhash = await _rpc.GetLatestBlockhashAsync(cancellationToken: Ct);
        var transaction = new Transaction(Message.Compile(feePayer.PublicKey,
            [SystemProgram.Transfer(feePayer.PublicKey, Keypair.Generate().PublicKey, 1_000_000), MemoProgram.Memo("hello", client.PublicKey)],
            blockhash.Blockhash, TransactionVersion.V0)).Sign(client);

        var simulation = await _rpc.SimulateTransactionAsync(transaction, sigVerify: false, cancellationToken: Ct);
        Assert.Null(simulation.Error);
        Assert.Contains(simulation.Logs, l => l.Contains("Memo", StringComparison.Ordinal));
        Assert.True(simulation.UnitsConsumed > 0);

        // The same transaction with a blockhash the chain never produced fails simulation with BlockhashNotFound.
        var stale = new Transaction(Message.Compile(feePayer.PublicKey, [SystemProgram.Transfer(feePayer.PublicKey, client.PublicKey, 1)],
            Base58.Encode(new byte[32]))).Sign(feePayer);
        Assert.Equal("\"BlockhashNotFound\"", (await _rpc.SimulateTransactionAsync(stale, sigVerify: true, cancellationToken: Ct)).Error);
        var e = await Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.SendTransactionAsync(stale, cancellationToken: Ct));
        Assert.Contains("Blockhash not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_methods_and_bad_params_are_typed_errors()
    {
        var unknown = await Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.CallAsync("getEverything", [], Ct));
        Assert.Equal(SolanaRpcException.MethodNotFound, unknown.Code);
        var bad = await Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.CallAsync("getBalance", ["not-a-key"], Ct));
        Assert.Equal(SolanaRpcException.InvalidParams, bad.Code);
    }

    [Fact]
    public async Task Chain_state_queries()
    {
        Assert.Equal(chain.Chain.GenesisHash, await _rpc.GetGenesisHashAsync(Ct));
        Assert.StartsWith("4.3", await _rpc.GetVersionAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(1_461_600UL, await _rpc.GetMinimumBalanceForRentExemptionAsync(82, Ct));
        var slot = await _rpc.GetSlotAsync(cancellationToken: Ct);
        await chain.Admin.WarpToSlotAsync(slot + 100, Ct);
        Assert.True(await _rpc.GetSlotAsync(cancellationToken: Ct) >= slot + 100);

        var payer = await FundedAsync(3 * Sol);
        var accounts = await _rpc.GetMultipleAccountsAsync([payer.PublicKey, Keypair.Generate().PublicKey], cancellationToken: Ct);
        Assert.Equal(3 * Sol, accounts[0]!.Lamports);
        Assert.Equal(SystemProgram.ProgramId, accounts[0]!.Owner);
        Assert.Null(accounts[1]);
        Assert.Equal(3 * Sol, await _rpc.GetBalanceAsync(payer.PublicKey, cancellationToken: Ct));
    }

    [Fact]
    public async Task Signatures_for_an_address_come_newest_first_with_limit_and_before()
    {
        var payer = await FundedAsync();
        using var recipient = Keypair.Generate();
        var sent = new List<string>();
        for (ulong i = 1; i <= 3; i++) sent.Add(await _rpc.SendAsync([SystemProgram.Transfer(payer.PublicKey, recipient.PublicKey, 1_000_000 * i)], [payer], Ct));

        var all = await _rpc.GetSignaturesForAddressAsync(recipient.PublicKey, cancellationToken: Ct);
        Assert.Equal(Enumerable.Reverse(sent), all.Select(s => s.Signature));
        Assert.All(all, s => Assert.Null(s.Error));
        var newest = await _rpc.GetSignaturesForAddressAsync(recipient.PublicKey, limit: 1, cancellationToken: Ct);
        Assert.Equal(sent[^1], Assert.Single(newest).Signature);
        var older = await _rpc.GetSignaturesForAddressAsync(recipient.PublicKey, before: sent[^1], cancellationToken: Ct);
        Assert.Equal([sent[1], sent[0]], older.Select(s => s.Signature));
        Assert.Empty(await _rpc.GetSignaturesForAddressAsync(Keypair.Generate().PublicKey, cancellationToken: Ct));
    }

    [Fact]
    public async Task The_clock_moves_forward_on_demand()
    {
        var before = await _rpc.GetClockAsync(Ct);
        var reported = await chain.Admin.AdvanceTimeAsync(3600, Ct);
        var after = await _rpc.GetClockAsync(Ct);
        Assert.InRange(after.UnixTimestamp - before.UnixTimestamp, 3600, 3700);
        Assert.Equal(reported, after.UnixTimestamp);
        Assert.True(after.Slot >= before.Slot);
    }
}
