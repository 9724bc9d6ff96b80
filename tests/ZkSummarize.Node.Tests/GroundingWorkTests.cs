using Microsoft.Extensions.Logging.Abstractions;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Grains.Workers;
using ZkSummarize.Payments.Settlement;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// A worker's proving queue (found by issue 18's soak): a job whose call timed out while its proof waited for a
/// slot asks again, and must join the proof already queued rather than make a second one while the first is
/// made for nobody.
/// </summary>
public sealed class GroundingWorkTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_call_for_the_same_proof_joins_the_one_queued_and_another_request_gets_its_own()
    {
        await CircuitBuild.EnsureBuiltAsync();
        var prover = new GroundingProver(await File.ReadAllBytesAsync(RepoPaths.Combine("circuits", "build", "grounding_js", "grounding.wasm"), Ct),
            SnarkjsBinary.ReadZkey(await File.ReadAllBytesAsync(CeremonyKey.Zkey, Ct)));
        var program = new EscrowProgram(Keypair.Generate().PublicKey);
        // No escrow deadline in these requests, so the chain is never asked: the RPC address is never called.
        var attestations = new AttestationTransactions(SolanaRpcClient.Create(new Uri("http://127.0.0.1:9")), program, Keypair.Generate().PublicKey);
        using var work = new GroundingWork(prover, Keypair.Generate(), program, attestations, NullLogger<GroundingWork>.Instance);
        int[] indices = [0, 2];
        ProofRequest Request(byte[] id) => new(Convert.ToHexStringLower(id), "solana:test", Core.Receipts.Settlements.Escrow);
        var id = FieldEncoding.NewRequestId();

        var first = work.ProveAsync(TestDocuments.Article, indices, Request(id), Ct);
        var retry = work.ProveAsync(TestDocuments.Article, indices, Request(id), Ct);
        var (a, b) = (await first, await retry);
        Assert.Equal(a.Proof, b.Proof);
        Assert.Equal(1, work.Rate.Current!.Samples); // one proof made, not two

        var other = await work.ProveAsync(TestDocuments.Article, indices, Request(FieldEncoding.NewRequestId()), Ct);
        Assert.NotEqual(a.RequestId, other.RequestId);
        Assert.Equal(2, work.Rate.Current!.Samples);

        var again = await work.ProveAsync(TestDocuments.Article, indices, Request(id), Ct); // once done, a later call proves afresh
        Assert.Equal(3, work.Rate.Current!.Samples);
        Assert.Equal(a.RequestId, again.RequestId);
    }
}
