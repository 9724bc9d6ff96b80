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
/// A worker's proving: the queue (found by issue 18's soak: a job whose call timed out while its proof waited for a
/// slot asks again, and must join the proof already queued rather than make a second one while the first is made
/// for nobody), and the circuit each job is proven with (the one its request names, by key).
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
        var provers = new GroundingProvers();
        provers.Add(prover);
        using var work = new GroundingWork(provers, Keypair.Generate(), program, attestations, NullLogger<GroundingWork>.Instance);
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

    [Fact]
    public async Task A_job_is_proven_with_the_circuit_and_key_it_names_and_one_the_worker_has_no_key_for_is_refused()
    {
        await CircuitBuild.EnsureBuiltAsync();
        var build = RepoPaths.Combine("circuits", "build");
        var news = GroundingFamily.News;
        var newsKey = Core.Receipts.TrustedKeys.DevelopmentKeyOf(news).Hash;
        var provers = new GroundingProvers();
        var made = 0;
        provers.AddDeferred(news, newsKey, () =>
        {
            Interlocked.Increment(ref made);
            return GroundingProver.WithDevelopmentKey(news, build);
        });
        // The same circuit's files, but an expected key they do not make: the worker refuses rather than prove under an unknown key.
        provers.AddDeferred(GroundingFamily.Long, newsKey.Replace(newsKey[0], newsKey[0] == 'a' ? 'b' : 'a'), () => GroundingProver.WithDevelopmentKey(GroundingFamily.Long, build));
        Assert.Equal(0, made); // a development key is made when a job first needs it, not before

        var program = new EscrowProgram(Keypair.Generate().PublicKey);
        var attestations = new AttestationTransactions(SolanaRpcClient.Create(new Uri("http://127.0.0.1:9")), program, Keypair.Generate().PublicKey);
        using var work = new GroundingWork(provers, Keypair.Generate(), program, attestations, NullLogger<GroundingWork>.Instance);
        ProofRequest Request(Grains.Sales.CircuitOffer circuit) => new(Convert.ToHexStringLower(FieldEncoding.NewRequestId()), Core.Receipts.TrustedKeys.DevChainNetwork, Core.Receipts.Settlements.Escrow, Circuit: circuit);

        var receipt = await work.ProveAsync(TestDocuments.Article, [0, 2], Request(new(news.Name, newsKey)), Ct);
        Assert.Equal(news.Name, receipt.Circuit);
        Assert.Equal(newsKey, receipt.VerifyingKeyHash);
        var check = Core.Receipts.ReceiptVerifier.Check(receipt);
        Assert.Equal(news, check.Key!.Circuit);
        Assert.Equal(["the proof was made under " + check.Key.Name + ": this receipt is FORGEABLE and proves nothing"], check.Problems); // verifies, under a dev key
        await work.ProveAsync(TestDocuments.Article, [1], Request(new(news.Name, newsKey)), Ct);
        Assert.Equal(1, made);

        // A key this worker has no proving key for, or a known key under another circuit's name: nothing is proven.
        await Assert.ThrowsAsync<NoProvingKeyException>(() => work.ProveAsync(TestDocuments.Article, [0], Request(new(news.Name, Core.Receipts.TrustedKeys.Ceremony.Hash)), Ct));
        await Assert.ThrowsAsync<NoProvingKeyException>(() => work.ProveAsync(TestDocuments.Article, [0], Request(new(GroundingFamily.Full.Name, newsKey)), Ct));
        var wrongKey = await Assert.ThrowsAsync<InvalidOperationException>(() => work.ProveAsync(TestDocuments.Article, [0], Request(provers.Offers.Single(o => o.Circuit == GroundingFamily.Long.Name)), Ct));
        Assert.Contains("circuits/build.sh", wrongKey.Message, StringComparison.Ordinal);
        Assert.Equal(2, work.Rate.Current!.Samples);
    }
}
