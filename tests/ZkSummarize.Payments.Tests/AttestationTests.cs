using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.Settlement;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Tests;

/// <summary>
/// Both sides of an attestation on the dev chain: the transaction a worker signs for a receipt (Attest
/// against the escrow as the chain has it, or AttestDirect), and the chain half of checking a receipt,
/// which must name each way the attestation on chain can disagree with it.
/// </summary>
[Collection(EscrowChainCollection.Name)]
public sealed class AttestationTests(EscrowChainFixture f)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static void SameInstruction(TransactionInstruction expected, TransactionInstruction actual)
    {
        Assert.Equal(expected.ProgramId, actual.ProgramId);
        // Keys only: a decompiled instruction carries the message's flags, the union over every instruction naming the key.
        Assert.Equal(expected.Accounts.Select(a => a.PublicKey), actual.Accounts.Select(a => a.PublicKey));
        Assert.Equal(expected.Data, actual.Data);
    }

    private static byte[] ChainOf(Receipt receipt) =>
        SummaryHashing.Chain(FieldEncoding.RequestId(Convert.FromHexString(receipt.RequestId)), receipt.SummaryLeaves()).ToBytesBigEndian();

    [Fact]
    public async Task A_worker_signs_attest_against_the_escrow_the_chain_holds()
    {
        var (requestId, client) = await f.OpenEscrowAsync(1_000_000, FieldEncoding.NewRequestId());
        using var worker = Keypair.Generate();
        var receipt = f.ReceiptFor(requestId, worker.PublicKey);
        var signed = Transaction.FromBase64(await new AttestationTransactions(f.Rpc, f.Program, f.Mint).SignAsync(worker, receipt, Ct));

        Assert.Equal(worker.PublicKey, signed.Message.FeePayer);
        Assert.True(Keypair.Verify(worker.PublicKey, signed.MessageBytes, signed.Signatures[0]));
        var instructions = signed.Message.DecompileInstructions();
        Assert.True(ComputeBudgetProgram.TryDecodeComputeUnitLimit(instructions[0], out var units));
        Assert.Equal(200_000U, units);
        var escrow = EscrowProgram.DecodeEscrow((await f.Rpc.GetAccountInfoAsync(f.Program.FindEscrow(requestId).Address, cancellationToken: Ct))!.Data);
        Assert.Equal(client.PublicKey, escrow.Client);
        var workerTokens = AssociatedTokenProgram.GetAssociatedTokenAddress(worker.PublicKey, f.Mint);
        TransactionInstruction[] expected = [AssociatedTokenProgram.CreateIdempotent(worker.PublicKey, worker.PublicKey, f.Mint),
            .. f.Program.AttestWithClientAccount(worker.PublicKey, workerTokens, f.Treasury, f.Mint, escrow, ChainOf(receipt), Convert.FromHexString(receipt.Proof))];
        Assert.Equal(expected.Length + 1, instructions.Count);
        for (var i = 0; i < expected.Length; i++) SameInstruction(expected[i], instructions[i + 1]);
    }

    [Fact]
    public async Task A_worker_signs_attest_direct_for_a_summary_paid_outside_escrow()
    {
        using var worker = Keypair.Generate();
        var receipt = f.ReceiptFor(FieldEncoding.NewRequestId(), worker.PublicKey, Settlements.Direct); // no escrow needed
        var signed = Transaction.FromBase64(await new AttestationTransactions(f.Rpc, f.Program, f.Mint).SignAsync(worker, receipt, Ct));
        Assert.True(Keypair.Verify(worker.PublicKey, signed.MessageBytes, signed.Signatures[0]));
        var instructions = signed.Message.DecompileInstructions();
        Assert.Equal(2, instructions.Count);
        Assert.True(ComputeBudgetProgram.TryDecodeComputeUnitLimit(instructions[0], out var units));
        Assert.Equal(150_000U, units);
        SameInstruction(f.Program.AttestDirect(worker.PublicKey, Convert.FromHexString(receipt.RequestId), Convert.FromHexString(receipt.DocRoot),
            Convert.FromHexString(receipt.VerifyingKeyHash), ChainOf(receipt), 2, Convert.FromHexString(receipt.Proof)), instructions[1]);
    }

    [Fact]
    public async Task No_attestation_is_signed_for_a_closed_escrow_an_unconfigured_program_or_an_unreachable_chain()
    {
        using var worker = Keypair.Generate();
        var attestations = new AttestationTransactions(f.Rpc, f.Program, f.Mint);
        var requestId = FieldEncoding.NewRequestId();
        var closed = await Assert.ThrowsAsync<InvalidOperationException>(() => attestations.SignAsync(worker, f.ReceiptFor(requestId, worker.PublicKey), Ct));
        Assert.Contains("is not open", closed.Message, StringComparison.Ordinal);

        // An escrow-sized account at the escrow's address that the program does not own is no escrow.
        await f.Admin.SetAccountAsync(f.Program.FindEscrow(requestId).Address.ToString(), 10_000_000, new byte[EscrowProgram.EscrowSize], SystemProgram.ProgramId.ToString(), cancellationToken: Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => attestations.SignAsync(worker, f.ReceiptFor(requestId, worker.PublicKey), Ct));

        var unconfigured = new AttestationTransactions(f.Rpc, new EscrowProgram(Keypair.Generate().PublicKey), f.Mint);
        Assert.Contains("no config account", (await Assert.ThrowsAsync<InvalidOperationException>(() => unconfigured.SignAsync(worker, f.ReceiptFor(requestId, worker.PublicKey), Ct))).Message, StringComparison.Ordinal);

        var nowhere = new AttestationTransactions(SolanaRpcClient.Create(new Uri($"http://127.0.0.1:{DevChain.LoopbackPorts.Free()}")), f.Program, f.Mint);
        var unreachable = await Assert.ThrowsAsync<ChainUnavailableException>(() => nowhere.SignAsync(worker, f.ReceiptFor(requestId, worker.PublicKey, Settlements.Direct), Ct));
        Assert.StartsWith("The chain could not answer: ", unreachable.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>(() => attestations.SignAsync(null!, f.ReceiptFor(requestId, worker.PublicKey), Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => attestations.SignAsync(worker, null!, Ct));
    }

    [Fact]
    public async Task A_receipt_matching_its_attestation_has_no_problems_and_each_difference_is_named()
    {
        var worker = Keypair.Generate().PublicKey;
        var receipt = f.ReceiptFor(FieldEncoding.NewRequestId(), worker);
        async Task<IReadOnlyList<string>> Check(Receipt r) => await AttestationCheck.CheckAsync(r, f.Rpc, Ct);
        Assert.Contains("there is no attestation of this request", Assert.Single(await Check(receipt)), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>(() => AttestationCheck.CheckAsync(null!, f.Rpc, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => AttestationCheck.CheckAsync(receipt, null!, Ct));

        var address = PublicKey.Parse(receipt.Attestation);
        await f.Admin.SetAccountAsync(address.ToString(), 10_000_000, new byte[EscrowProgram.AttestationSize - 1], f.Program.ProgramId.ToString(), cancellationToken: Ct);
        Assert.Contains("there is no attestation", Assert.Single(await Check(receipt)), StringComparison.Ordinal); // the program's, but not an attestation's size
        await f.WriteAttestationAsync(address, f.AttestationOf(receipt), owner: SystemProgram.ProgramId);
        Assert.Contains("there is no attestation", Assert.Single(await Check(receipt)), StringComparison.Ordinal); // the right bytes, the wrong owner

        await f.WriteAttestationAsync(address, f.AttestationOf(receipt));
        Assert.Empty(await Check(receipt));

        async Task<string> Problem(Receipt changed) => Assert.Single(await Check(changed));
        Assert.Contains($"not the receipt's network solana:{new string('1', 32)}", await Problem(receipt with { Network = $"solana:{new string('1', 32)}" }), StringComparison.Ordinal);
        Assert.Contains("attestation address is not the program's", await Problem(receipt with { Attestation = worker.ToString() }), StringComparison.Ordinal);
        Assert.Contains("docRoot differs", await Problem(receipt with { DocRoot = new string('4', 64) }), StringComparison.Ordinal);
        Assert.Contains("summaryHash differs", await Problem(receipt with { SummaryHash = new string('5', 64) }), StringComparison.Ordinal);
        Assert.Contains("is of 2 sentences, the receipt has 1", await Problem(receipt with { Summary = receipt.Summary.Take(1).ToArray() }), StringComparison.Ordinal);
        Assert.Contains("another verifying key", await Problem(receipt with { VerifyingKeyHash = new string('6', 64) }), StringComparison.Ordinal);
        Assert.Contains("another worker", await Problem(receipt with { WorkerKey = new string('7', 64) }), StringComparison.Ordinal);

        // The attestation's kind against the receipt's settlement, both ways round.
        var direct = f.ReceiptFor(FieldEncoding.NewRequestId(), worker, Settlements.Direct);
        await f.WriteAttestationAsync(PublicKey.Parse(direct.Attestation), f.AttestationOf(receipt) with { RequestId = Convert.FromHexString(direct.RequestId) });
        Assert.Equal("the attestation settled an escrow, but the receipt says direct", await Problem(direct));
        await f.WriteAttestationAsync(PublicKey.Parse(direct.Attestation), f.AttestationOf(direct));
        Assert.Empty(await Check(direct));
        await f.WriteAttestationAsync(address, f.AttestationOf(direct) with { RequestId = Convert.FromHexString(receipt.RequestId) });
        Assert.Equal("the attestation is direct, but the receipt says escrow", await Problem(receipt));

        // Another worker's key at the worker's own direct address: named too.
        await f.WriteAttestationAsync(PublicKey.Parse(direct.Attestation), f.AttestationOf(direct) with { Worker = Keypair.Generate().PublicKey });
        Assert.Equal("the attestation names another worker", await Problem(direct));
    }
}
