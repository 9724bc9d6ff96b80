using ZkSummarize.Core.Commitments;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using static ZkSummarize.Onchain.Tests.EscrowDriver;

namespace ZkSummarize.Onchain.Tests;

/// <summary>
/// Compute units of each instruction (whole transactions) against the ceilings in docs/benchmarks.md.
/// Compute units are deterministic for the same accounts and data (PDA bump searches vary a little with
/// random request ids), so these are enforced ceilings, not timings.
/// </summary>
public sealed class ComputeUnitTests(EscrowFixture f) : IClassFixture<EscrowFixture>
{
    private readonly EscrowDriver d = new(f);

    private async Task<ulong> Units(string signature) => (await f.Rpc.GetTransactionAsync(signature))!.ComputeUnitsConsumed!.Value;

    [Fact]
    public async Task Every_instruction_stays_under_its_documented_ceiling()
    {
        var (client, tokens) = await f.NewWalletAsync(5 * Price);
        var requestId = FieldEncoding.NewRequestId();
        var commitment = DocumentCommitment.Create(Article);
        var deadline = await f.Admin.AdvanceTimeAsync(0) + 600;
        var open = await Units(await f.Rpc.SendAsync(f.Program.OpenEscrowWithVault(client.PublicKey, tokens, f.Mint.PublicKey, requestId, commitment.DocRoot.ToBytesBigEndian(),
            Price, deadline, f.Operator.PublicKey, Sentences, f.VerifyingKeyHash), [client]));
        var job = new EscrowJob(client, tokens, requestId, commitment, deadline, await f.EscrowAsync(requestId));
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        var register = await Units(await f.Rpc.SendAsync([f.Program.RegisterWorker(f.Operator.PublicKey, worker.PublicKey)], [f.Operator]));
        var attest = await Units(await d.AttestAsync(job, worker, workerTokens));
        var directId = FieldEncoding.NewRequestId();
        var proof = d.Prove(job, worker, requestId: directId);
        var direct = await Units(await f.Rpc.SendAsync([ComputeBudgetProgram.SetComputeUnitLimit(400_000), f.Program.AttestDirect(worker.PublicKey, directId, commitment.DocRoot.ToBytesBigEndian(), EscrowProgram.VerifyingKeyHash(f.VerifyingKey), proof.SummaryChain.ToBytesBigEndian(), Sentences, proof.ToSolanaBytes())], [worker]));
        var refundJob = await d.OpenAsync(secondsToDeadline: 1);
        await f.Admin.AdvanceTimeAsync(5);
        var refund = await Units(await f.Rpc.SendAsync([f.Program.Refund(refundJob.Client.PublicKey, refundJob.ClientTokens, f.Mint.PublicKey, refundJob.RequestId)], [refundJob.Client]));
        var setKey = await Units(await f.Rpc.SendAsync([f.Program.SetVerifyingKey(f.ProgramAdmin.PublicKey, f.VerifyingKey)], [f.ProgramAdmin]));
        var deregister = await Units(await f.Rpc.SendAsync([f.Program.DeregisterWorker(f.Operator.PublicKey, worker.PublicKey)], [f.Operator]));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"compute units: OpenEscrow (with the vault's creation) {open}, Attest {attest}, AttestDirect {direct}, Refund {refund}, RegisterWorker {register}, DeregisterWorker {deregister}, SetVerifyingKey (stored key) {setKey}");
        // The ceilings of docs/benchmarks.md ("Compute units of the escrow program").
        Assert.InRange(attest, 90_000UL, 120_000UL);
        Assert.InRange(direct, 90_000UL, 120_000UL);
        Assert.InRange(open, 1UL, 60_000UL);
        Assert.InRange(refund, 1UL, 20_000UL);
        Assert.InRange(register, 1UL, 20_000UL);
        Assert.InRange(deregister, 1UL, 5_000UL);
        Assert.InRange(setKey, 1UL, 20_000UL);
    }
}
