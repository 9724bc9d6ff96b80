using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Testing;

namespace ZkSummarize.Core.Tests;

/// <summary>
/// End to end: a real multi-paragraph document and an extractive summary of it → witness (Wasmtime)
/// → proof (our prover, development key) → verified by us and by snarkjs; the proof is bound to its
/// public inputs, including the worker.
/// </summary>
[Collection(GroundingCircuitCollection.Name)]
public sealed class GroundingProofTests(GroundingCircuitFixture circuit)
{
    private static readonly byte[] Worker = Enumerable.Range(0, 32).Select(i => (byte)(200 - i)).ToArray();

    private static Document RealDocument()
    {
        var bbc = Path.Combine(RepoPaths.SharedData, "bbc-news-summary", "article", "business", "001.txt");
        return Document.Parse(File.Exists(bbc) ? File.ReadAllText(bbc).Split('\n', 2)[1] : File.ReadAllText(RepoPaths.Combine("circuits", "README.md")));
    }

    [Fact]
    public async Task A_summary_of_a_real_document_is_proven_and_verified_by_us_and_by_snarkjs()
    {
        var document = RealDocument();
        Assert.True(document.Sentences.Count >= 10);
        var commitment = DocumentCommitment.Create(document);
        var summary = new[] { 0, 3, 4, document.Sentences.Count - 1 }.Select(i => document.Sentences[i].Text).ToArray();
        var input = GroundingInput.ForSentences(commitment, summary, FieldEncoding.NewRequestId(), Worker);

        var proof = circuit.Prover.Prove(input);
        Assert.True(circuit.Prover.Verify(proof));
        Assert.Equal(256, proof.ToSolanaBytes().Length);

        var dir = Directory.CreateTempSubdirectory("zks-grounding-proof-");
        try
        {
            string In(string name) => Path.Combine(dir.FullName, name);
            await File.WriteAllTextAsync(In("vk.json"), SnarkjsJson.WriteVerifyingKey(circuit.Prover.VerifyingKey), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(In("proof.json"), SnarkjsJson.WriteProof(proof.Proof), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(In("public.json"), SnarkjsJson.WritePublicInputs(proof.PublicInputs), TestContext.Current.CancellationToken);
            var verify = await circuit.Snarkjs("groth16", "verify", In("vk.json"), In("public.json"), In("proof.json"));
            Assert.True(verify.ExitCode == 0 && verify.Output.Contains("OK!", StringComparison.Ordinal), verify.Output + verify.Error);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_proof_is_bound_to_every_public_input_including_the_worker()
    {
        var document = RealDocument();
        var input = GroundingInput.ForIndices(DocumentCommitment.Create(document), [1, 2], FieldEncoding.NewRequestId(), Worker);
        var proof = circuit.Prover.Prove(input);
        for (var i = 0; i < 4; i++)
        {
            var changed = proof.PublicInputs.ToArray();
            changed[i] += Fr.One;
            Assert.False(circuit.Prover.Verify(proof with { PublicInputs = changed }), $"public input {i} was not bound");
        }
        var otherWorker = FieldEncoding.WorkerField(Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.False(circuit.Prover.Verify(proof with { PublicInputs = [.. proof.PublicInputs.Take(3), otherWorker] }));
    }

    [Fact]
    public void The_development_key_is_reproducible_and_matches_the_committed_verification_key()
    {
        var committed = SnarkjsJson.ReadVerifyingKey(File.ReadAllText(RepoPaths.Combine("circuits", "verification_key.dev.json")));
        Assert.Equal(SolanaEncoding.EncodeVerifyingKey(committed), SolanaEncoding.EncodeVerifyingKey(circuit.Prover.VerifyingKey));
    }
}
