using ZkSummarize.Core.Commitments;
using ZkSummarize.Payments.Settlement;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Tests;

/// <summary>
/// The job's chain port against the dev chain and the escrow program: where a sent transaction is, what an
/// attestation on chain says (and that only the program's accounts count), whether an escrow is open, how
/// the chain's refusals are reported, and the `exact` worker payout (price less the program's fee).
/// </summary>
[Collection(EscrowChainCollection.Name)]
public sealed class SolanaJobChainTests(EscrowChainFixture f)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private SolanaJobChain Chain(Keypair? feePayer = null, Keypair? payTo = null, TimeProvider? time = null, bool withProgram = true) =>
        new(f.Rpc, withProgram ? f.Program : null, f.Mint, feePayer ?? f.ProgramAdmin, payTo, time);

    private async Task<string> SignedTransferAsync(Keypair from, ulong lamports) =>
        new Transaction(Message.Compile(from.PublicKey, [SystemProgram.Transfer(from.PublicKey, Keypair.Generate().PublicKey, lamports)],
            (await f.Rpc.GetLatestBlockhashAsync(cancellationToken: Ct)).Blockhash)).Sign(from).ToBase64();

    [Fact]
    public async Task A_sent_transaction_is_landed_failed_pending_or_gone()
    {
        var (wallet, _) = await f.NewWalletAsync(0);
        var chain = Chain();
        var signed = await SignedTransferAsync(wallet, 1_000_000);
        var signature = chain.SignatureOf(signed);
        Assert.Equal(Transaction.FromBase64(signed).Signature, signature);
        Assert.Equal((Landing.Pending, null), await chain.LandingAsync(signature, DateTimeOffset.UtcNow, Ct)); // recorded, not sent yet
        Assert.True((await chain.SendAsync(signed, Ct)).Landed);
        Assert.Equal((Landing.Landed, null), await chain.LandingAsync(signature, DateTimeOffset.UtcNow.AddHours(-1), Ct));

        // Sent without preflight, so that it lands and fails on chain: more lamports than the wallet holds.
        var failing = Transaction.FromBase64(await SignedTransferAsync(wallet, 1_000_000_000_000));
        await f.Rpc.SendTransactionAsync(failing, new SendTransactionOptions(SkipPreflight: true), Ct);
        await Assert.ThrowsAsync<TransactionFailedException>(() => f.Rpc.ConfirmTransactionAsync(failing.Signature, cancellationToken: Ct));
        var (landing, error) = await chain.LandingAsync(failing.Signature, DateTimeOffset.UtcNow, Ct);
        Assert.Equal(Landing.Failed, landing);
        Assert.Contains("InstructionError", error, StringComparison.Ordinal);

        // Never seen: pending while it could still land, gone once its blockhash has surely expired.
        var unseen = chain.SignatureOf(await SignedTransferAsync(wallet, 2));
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        Assert.Equal(Landing.Pending, (await Chain(time: clock).LandingAsync(unseen, clock.GetUtcNow() - SolanaJobChain.LandingWindow, Ct)).Landing);
        Assert.Equal(Landing.Gone, (await Chain(time: clock).LandingAsync(unseen, clock.GetUtcNow() - SolanaJobChain.LandingWindow - TimeSpan.FromSeconds(1), Ct)).Landing);
    }

    [Fact]
    public async Task An_attestation_is_read_only_from_the_programs_own_account()
    {
        var chain = Chain();
        var worker = Keypair.Generate().PublicKey;
        var escrowed = f.ReceiptFor(FieldEncoding.NewRequestId(), worker);
        var requestHex = escrowed.RequestId;
        Assert.Null(await chain.FindAttestationAsync(requestHex, null, Ct));

        // Lamports anyone sent to the address, or an account of another owner, are not an attestation.
        var address = PublicKey.Parse(escrowed.Attestation);
        await f.WriteAttestationAsync(address, f.AttestationOf(escrowed, 950_000, 50_000), owner: SystemProgram.ProgramId);
        Assert.Null(await chain.FindAttestationAsync(requestHex, null, Ct));

        await f.WriteAttestationAsync(address, f.AttestationOf(escrowed, 950_000, 50_000));
        var found = await chain.FindAttestationAsync(requestHex, null, Ct);
        Assert.Equal(new AttestationRecord(true, worker.ToString(), escrowed.DocRoot, escrowed.SummaryHash, 2, escrowed.VerifyingKeyHash, 950_000, 50_000, f.Operator.PublicKey.ToString()), found);

        // A direct attestation lives at the worker's own address for the request, and has no operator.
        var direct = f.ReceiptFor(Convert.FromHexString(requestHex), worker, Core.Receipts.Settlements.Direct);
        Assert.Null(await chain.FindAttestationAsync(requestHex, Keypair.Generate().PublicKey.ToString(), Ct));
        await f.WriteAttestationAsync(PublicKey.Parse(direct.Attestation), f.AttestationOf(direct));
        Assert.Equal(new AttestationRecord(false, worker.ToString(), direct.DocRoot, direct.SummaryHash, 2, direct.VerifyingKeyHash, 0, 0, null),
            await chain.FindAttestationAsync(requestHex, worker.ToString(), Ct));
    }

    [Fact]
    public async Task An_escrow_is_open_only_while_the_programs_escrow_account_is_there()
    {
        var chain = Chain();
        var (requestId, _) = await f.OpenEscrowAsync(1_000_000, FieldEncoding.NewRequestId());
        Assert.True(await chain.EscrowOpenAsync(Convert.ToHexStringLower(requestId), Ct));
        Assert.False(await chain.EscrowOpenAsync(Convert.ToHexStringLower(FieldEncoding.NewRequestId()), Ct));

        // At an escrow's address: the program's account of another size, or an escrow-sized account of another owner.
        var other = FieldEncoding.NewRequestId();
        var address = f.Program.FindEscrow(other).Address.ToString();
        await f.Admin.SetAccountAsync(address, 10_000_000, new byte[EscrowProgram.EscrowSize - 1], f.Program.ProgramId.ToString(), cancellationToken: Ct);
        Assert.False(await chain.EscrowOpenAsync(Convert.ToHexStringLower(other), Ct));
        await f.Admin.SetAccountAsync(address, 10_000_000, new byte[EscrowProgram.EscrowSize], SystemProgram.ProgramId.ToString(), cancellationToken: Ct);
        Assert.False(await chain.EscrowOpenAsync(Convert.ToHexStringLower(other), Ct));
        await f.Admin.SetAccountAsync(address, 10_000_000, new byte[EscrowProgram.EscrowSize], f.Program.ProgramId.ToString(), cancellationToken: Ct);
        Assert.True(await chain.EscrowOpenAsync(Convert.ToHexStringLower(other), Ct));
    }

    [Fact]
    public async Task A_refused_transaction_names_the_programs_error_and_an_unreachable_chain_is_transient()
    {
        // The same escrow opened twice: the program refuses the second with its own error.
        var (client, tokens) = await f.NewWalletAsync(2_000_000);
        var requestId = FieldEncoding.NewRequestId();
        var deadline = await f.Admin.AdvanceTimeAsync(0, Ct) + 600;
        async Task<string> OpenAsync(ulong amount) => new Transaction(Message.Compile(client.PublicKey,
                f.Program.OpenEscrowWithVault(client.PublicKey, tokens, f.Mint, requestId, FieldEncoding.NewRequestId(), amount, deadline, f.Operator.PublicKey, 2, f.VerifyingKeyHash),
                (await f.Rpc.GetLatestBlockhashAsync(cancellationToken: Ct)).Blockhash)).Sign(client).ToBase64();
        Assert.Equal(SendOutcome.Success, await Chain().SendAsync(await OpenAsync(1_000_000), Ct));
        var again = await Chain().SendAsync(await OpenAsync(999_999), Ct);
        Assert.False(again.Landed);
        Assert.Equal(nameof(EscrowError.EscrowAlreadyExists), again.ProgramError);
        Assert.NotNull(again.Error);
        Assert.Null((await Chain(withProgram: false).SendAsync(await OpenAsync(999_998), Ct)).ProgramError); // a node without the program names no program error

        // A failure that is not the program's: no program error, the chain's message.
        var (poor, _) = await f.NewWalletAsync(0);
        var overdraft = await Chain().SendAsync(await SignedTransferAsync(poor, 1_000_000_000_000), Ct);
        Assert.False(overdraft.Landed);
        Assert.Null(overdraft.ProgramError);
        Assert.False(string.IsNullOrEmpty(overdraft.Error));

        var nowhere = new SolanaJobChain(SolanaRpcClient.Create(new Uri($"http://127.0.0.1:{DevChain.LoopbackPorts.Free()}")), f.Program, f.Mint, f.ProgramAdmin, null);
        var signed = await SignedTransferAsync(poor, 1);
        Assert.StartsWith("The chain did not take the transaction: ", (await Assert.ThrowsAsync<ChainUnavailableException>(() => nowhere.SendAsync(signed, Ct))).Message, StringComparison.Ordinal);
        Assert.StartsWith("The chain could not answer: ",
            (await Assert.ThrowsAsync<ChainUnavailableException>(() => nowhere.LandingAsync(nowhere.SignatureOf(signed), DateTimeOffset.UtcNow, Ct))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ChainUnavailableException>(() => nowhere.EscrowOpenAsync(Convert.ToHexStringLower(requestId), Ct));
        await Assert.ThrowsAsync<ChainUnavailableException>(() => nowhere.FindAttestationAsync(Convert.ToHexStringLower(requestId), null, Ct));
    }

    [Fact]
    public async Task A_worker_is_paid_the_price_less_the_programs_fee_by_a_node_holding_pay_to()
    {
        var (payTo, payToTokens) = await f.NewWalletAsync(10_000_000);
        var worker = Keypair.Generate().PublicKey;
        var chain = Chain(payTo: payTo);
        Assert.True(chain.PaysWorker(worker.ToString()));
        Assert.False(chain.PaysWorker(payTo.PublicKey.ToString()));          // paying itself
        Assert.False(Chain().PaysWorker(worker.ToString()));                  // no PayTo key
        Assert.False(Chain(payTo: payTo, withProgram: false).PaysWorker(worker.ToString())); // no program: no attestations

        var requestId = Convert.ToHexStringLower(FieldEncoding.NewRequestId());
        var payout = await chain.PrepareWorkerPayoutAsync(worker.ToString(), 1_000_001, requestId, Ct);
        Assert.Equal(1_000_001UL - 1_000_001UL * EscrowChainFixture.FeeBasisPoints / 10_000, payout.Amount); // 950,001: the fee rounds down, as the program's
        Assert.Equal(chain.SignatureOf(payout.Transaction), payout.Signature);
        var instructions = Transaction.FromBase64(payout.Transaction).Message.DecompileInstructions();
        Assert.Equal(WorkerPayout.Memo(requestId).Data, instructions[^1].Data);
        Assert.True((await chain.SendAsync(payout.Transaction, Ct)).Landed);
        Assert.Equal(payout.Amount, await f.TokenBalanceAsync(AssociatedTokenProgram.GetAssociatedTokenAddress(worker, f.Mint)));
        Assert.Equal(10_000_000 - payout.Amount, await f.TokenBalanceAsync(payToTokens));

        var second = await chain.PrepareWorkerPayoutAsync(worker.ToString(), 20, requestId, Ct); // the mint's decimals are read once
        Assert.Equal(19UL, second.Amount);

        Assert.Contains("no PayTo key", (await Assert.ThrowsAsync<InvalidOperationException>(() => Chain().PrepareWorkerPayoutAsync(worker.ToString(), 1, requestId, Ct))).Message, StringComparison.Ordinal);
        Assert.Contains("no escrow program", (await Assert.ThrowsAsync<InvalidOperationException>(() => Chain(payTo: payTo, withProgram: false).PrepareWorkerPayoutAsync(worker.ToString(), 1, requestId, Ct))).Message, StringComparison.Ordinal);
        var unconfigured = new SolanaJobChain(f.Rpc, new EscrowProgram(Keypair.Generate().PublicKey), f.Mint, f.ProgramAdmin, payTo);
        Assert.Contains("no config account", (await Assert.ThrowsAsync<InvalidOperationException>(() => unconfigured.PrepareWorkerPayoutAsync(worker.ToString(), 1, requestId, Ct))).Message, StringComparison.Ordinal);
        var noMint = new SolanaJobChain(f.Rpc, f.Program, Keypair.Generate().PublicKey, f.ProgramAdmin, payTo);
        Assert.Contains("does not exist", (await Assert.ThrowsAsync<InvalidOperationException>(() => noMint.PrepareWorkerPayoutAsync(worker.ToString(), 1, requestId, Ct))).Message, StringComparison.Ordinal);
    }
}
