using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Testing;

namespace ZkSummarize.Core.Tests;

/// <summary>
/// The grounding family (circuits/README.md): one commitment whichever member proves it, each member's
/// proofs verify only under its own key, a member refuses what it cannot hold (in C# before any work, and in
/// the circuit when an attacker skips the C#), and the node's choice of member at the boundaries.
/// </summary>
[Collection(GroundingCircuitCollection.Name)]
public sealed partial class GroundingFamilyTests(GroundingCircuitFixture circuit)
{
    private static readonly byte[] Worker = Enumerable.Range(3, 32).Select(i => (byte)(i * 5)).ToArray();

    public static TheoryData<string> MemberNames => [.. GroundingFamily.Members.Select(m => m.Name)];

    private static GroundingCircuit Member(string name) => GroundingFamily.Find(name)!;

    private static Document Facts(int sentences) => Document.Parse(string.Join(' ', Enumerable.Range(0, sentences).Select(i => $"Fact number {i}.")));

    private static VerifyingKey CommittedDevelopmentKey(GroundingCircuit member) =>
        SnarkjsJson.ReadVerifyingKey(File.ReadAllText(RepoPaths.Combine("circuits", member.DevelopmentVerificationKeyFile)));

    // --- the table

    [Fact]
    public void Each_member_file_instantiates_the_depth_and_slots_the_table_gives_it()
    {
        foreach (var member in GroundingFamily.Members)
        {
            var main = File.ReadAllText(RepoPaths.Combine("circuits", member.Name + ".circom"));
            var instance = MainInstance().Match(main);
            Assert.True(instance.Success, $"{member.Name}.circom has no `component main ... = Grounding(D, K);`");
            Assert.Equal((member.Depth, member.Slots), (int.Parse(instance.Groups[1].Value), int.Parse(instance.Groups[2].Value)));
            Assert.Contains(member.Name, File.ReadAllText(RepoPaths.Combine("circuits", "build.sh")), StringComparison.Ordinal);
        }
        Assert.Equal(GroundingFamily.Members.Count, GroundingFamily.Members.Select(m => m.KeySlot).Distinct().Count());
        Assert.All(GroundingFamily.Members, m => Assert.InRange(m.KeySlot, 0, 3)); // the program's config holds 4 key slots
        Assert.Equal(GroundingFamily.Members.Count, GroundingFamily.Members.Select(m => m.DevelopmentSeed).Distinct().Count());
        Assert.Equal(GroundingFamily.Members.Count, GroundingFamily.Members.Select(m => Convert.ToHexString(SolanaEncoding.EncodeVerifyingKey(CommittedDevelopmentKey(m)))).Distinct().Count());
    }

    [Fact]
    public void The_full_member_keeps_the_ceremony_key_and_the_development_seed_it_always_had()
    {
        Assert.Equal(TrustedKeys.Ceremony.Hash, GroundingFamily.Full.CeremonyKeyHash);
        Assert.Equal(GroundingProver.DevelopmentSeed, GroundingFamily.Full.DevelopmentSeed);
        Assert.Equal((CommitmentLimits.TreeDepth, CommitmentLimits.MaxSummarySentences), (GroundingFamily.Full.Depth, GroundingFamily.Full.Slots));
        // Every member has had its phase 2 (circuits/ceremony/TRANSCRIPT.md): the hash pinned here is its committed verification key's.
        Assert.All(GroundingFamily.Members, m => Assert.Equal(m.CeremonyKeyHash, TrustedKeys.CeremonyKeyOf(m)?.Hash));
        Assert.Equal(GroundingFamily.Members.Where(m => m.CeremonyKeyHash is not null).Select(m => (m.Name, m.CeremonyZkeyFile, m.CeremonyVerificationKeyFile)),
            ZkSummarize.Crypto.Ceremony.CommittedCeremony.Keys.Select(k => (k.Circuit, k.ZkeyFileName, k.VerificationKeyFileName)).OrderBy(k => GroundingFamily.Find(k.Circuit)!.Depth));
    }

    // --- selection

    [Theory]
    [InlineData(1, 1, "grounding_d6k4")]
    [InlineData(64, 4, "grounding_d6k4")]      // n = 2^6, count = K
    [InlineData(65, 4, "grounding_d10k8")]     // n = 2^6 + 1
    [InlineData(64, 5, "grounding_d10k8")]     // count = K + 1
    [InlineData(1024, 8, "grounding_d10k8")]   // n = 2^10, count = K
    [InlineData(1025, 1, "grounding")]         // n = 2^10 + 1
    [InlineData(20, 9, "grounding")]           // count = K + 1
    [InlineData(4096, 16, "grounding")]        // the largest provable request
    public void The_smallest_member_that_fits_is_chosen(int documentSentences, int summarySentences, string expected) =>
        Assert.Equal(expected, GroundingFamily.Select(documentSentences, summarySentences).Name);

    [Theory]
    [InlineData(4097, 1)]
    [InlineData(10, 17)]
    [InlineData(10, 0)]
    [InlineData(0, 1)]
    public void A_request_no_member_holds_is_refused_with_what_is_available(int documentSentences, int summarySentences)
    {
        var e = Assert.Throws<GroundingException>(() => GroundingFamily.Select(documentSentences, summarySentences));
        Assert.Contains($"{summarySentences} sentences of a document of {documentSentences:N0}", e.Message, StringComparison.Ordinal);
        Assert.Contains("grounding (depth 12", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_members_the_network_has_a_key_for_are_chosen_whatever_their_order()
    {
        // A network whose config holds only the full circuit's key (as before the family) proves a news article with it.
        Assert.Equal(GroundingFamily.Full, GroundingFamily.Select(20, 3, [GroundingFamily.Full]));
        Assert.Equal(GroundingFamily.News, GroundingFamily.Select(20, 3, GroundingFamily.Members.Where(m => m.CeremonyKeyHash is not null)));
        // The list's order does not matter: the smallest fitting member wins.
        Assert.Equal(GroundingFamily.News, GroundingFamily.Select(20, 3, [GroundingFamily.Full, GroundingFamily.Long, GroundingFamily.News]));
        Assert.Equal(GroundingFamily.Long, GroundingFamily.Select(20, 3, [GroundingFamily.Full, GroundingFamily.Long]));
        var none = Assert.Throws<GroundingException>(() => GroundingFamily.Select(2000, 3, [GroundingFamily.News, GroundingFamily.Long]));
        Assert.Contains("grounding_d10k8 (depth 10: up to 1,024 sentences, 8 summary sentences)", none.Message, StringComparison.Ordinal);
        Assert.Throws<GroundingException>(() => GroundingFamily.Select(20, 3, []));
    }

    // --- one commitment, one key per member

    [Theory]
    [MemberData(nameof(MemberNames))]
    public void A_member_proves_the_published_docRoot_and_its_proof_verifies_only_under_its_own_key(string name)
    {
        var member = Member(name);
        var vector = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("docs", "commitment-vectors.json")))
            .RootElement.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == "closers");
        var publishedRoot = Fr.FromBytesBigEndian(Convert.FromHexString(vector.GetProperty("docRoot").GetString()!));
        var commitment = DocumentCommitment.Create(Document.Parse(vector.GetProperty("text").GetString()!));
        var input = GroundingInput.ForIndices(commitment, [0, 2, 5], FieldEncoding.NewRequestId(), Worker);

        var proof = circuit.ProverFor(member).Prove(input);

        Assert.Equal(publishedRoot, proof.PublicInputs[0]);
        foreach (var other in GroundingFamily.Members)
        {
            Assert.Equal(other == member, Groth16Verifier.Verify(CommittedDevelopmentKey(other), proof.PublicInputs, proof.Proof));
        }
    }

    [Theory]
    [InlineData("grounding_d6k4")]
    [InlineData("grounding_d10k8")]
    public void A_member_development_key_is_reproducible_and_matches_its_committed_verification_key(string name)
    {
        var member = Member(name);
        Assert.Equal(SolanaEncoding.EncodeVerifyingKey(CommittedDevelopmentKey(member)), SolanaEncoding.EncodeVerifyingKey(circuit.ProverFor(member).VerifyingKey));
    }

    [Fact]
    public async Task Snarkjs_accepts_a_proof_of_the_smallest_member_and_rejects_it_under_the_full_key()
    {
        var document = Facts(40);
        var proof = circuit.ProverFor(GroundingFamily.News).Prove(GroundingInput.ForIndices(DocumentCommitment.Create(document), [3, 17, 39], FieldEncoding.NewRequestId(), Worker));
        var dir = Directory.CreateTempSubdirectory("zks-family-proof-");
        try
        {
            string In(string file) => Path.Combine(dir.FullName, file);
            await File.WriteAllTextAsync(In("proof.json"), SnarkjsJson.WriteProof(proof.Proof), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(In("public.json"), SnarkjsJson.WritePublicInputs(proof.PublicInputs), TestContext.Current.CancellationToken);
            var own = await circuit.Snarkjs("groth16", "verify", GroundingFamily.News.DevelopmentVerificationKeyFile, In("public.json"), In("proof.json"));
            Assert.True(own.ExitCode == 0 && own.Output.Contains("OK!", StringComparison.Ordinal), own.Output + own.Error);
            var full = await circuit.Snarkjs("groth16", "verify", GroundingFamily.Full.DevelopmentVerificationKeyFile, In("public.json"), In("proof.json"));
            Assert.DoesNotContain("OK!", full.Output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // --- what a member cannot hold

    [Fact]
    public void The_depth_6_member_refuses_a_document_of_65_sentences_before_any_work()
    {
        var input = GroundingInput.ForIndices(DocumentCommitment.Create(Facts(65)), [0, 1], FieldEncoding.NewRequestId(), Worker);
        var e = Assert.Throws<GroundingException>(() => circuit.ProverFor(GroundingFamily.News).Prove(input));
        Assert.Contains("grounding_d6k4 (depth 6: up to 64 sentences, 4 summary sentences) cannot prove a summary of 2 sentences of a document of 65 sentences", e.Message, StringComparison.Ordinal);
        Assert.Contains("larger member", e.Message, StringComparison.Ordinal);
        var slots = GroundingInput.ForIndices(DocumentCommitment.Create(Facts(20)), [0, 1, 2, 3, 4], FieldEncoding.NewRequestId(), Worker);
        Assert.Throws<GroundingException>(() => slots.ToCircomInput(GroundingFamily.News));
    }

    [Fact]
    public async Task The_depth_6_circuit_holds_a_document_of_64_sentences_to_its_last_one()
    {
        var input = GroundingInput.ForIndices(DocumentCommitment.Create(Facts(64)), [0, 31, 62, 63], FieldEncoding.NewRequestId(), Worker);
        Assert.True(await circuit.Satisfies(GroundingFamily.News, input.ToCircomInput(GroundingFamily.News)));
    }

    /// <summary>
    /// An attacker who skips the C# check: the first 64 sentences of a 65-sentence document, with their real
    /// depth-6 paths. The 65th sentence makes the tree's right half non-zero, so lifting with zero siblings
    /// cannot reach docRoot.
    /// </summary>
    [Fact]
    public async Task The_depth_6_circuit_cannot_prove_sentences_of_a_document_of_65_sentences()
    {
        var input = GroundingInput.ForIndices(DocumentCommitment.Create(Facts(65)), [0, 1], FieldEncoding.NewRequestId(), Worker);
        Assert.False(await circuit.Satisfies(GroundingFamily.News, CircomInputIgnoringLimits(input, GroundingFamily.News)));
    }

    [Theory]
    [InlineData("docRoot")]
    [InlineData("summaryHash")]
    [InlineData("second-slot-sibling")] // slot 1's path must end in slot 0's subtree
    [InlineData("first-slot-sibling")]  // slot 0's subtree must lift to docRoot
    [InlineData("count-above-slots")]
    [InlineData("leaf")]
    public async Task A_tampered_witness_does_not_satisfy_the_depth_6_circuit(string tamper)
    {
        var commitment = DocumentCommitment.Create(Facts(30));
        var requestId = FieldEncoding.NewRequestId();
        var input = GroundingInput.ForIndices(commitment, [2, 9, 20], requestId, Worker).ToCircomInput(GroundingFamily.News);
        switch (tamper)
        {
            case "docRoot" or "summaryHash":
                input[tamper] = (System.Numerics.BigInteger.Parse(input[tamper]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "second-slot-sibling":
                input["siblings"]![1]![3] = "12345";
                break;
            case "first-slot-sibling":
                input["siblings"]![0]![5] = "12345";
                break;
            case "count-above-slots":
                // a count of 5 over four real sentences in the four slots, summaryHash made for that count:
                // only the bound count <= K can catch it
                int[] four = [2, 9, 20, 25];
                input = GroundingInput.ForIndices(commitment, four, requestId, Worker).ToCircomInput(GroundingFamily.News);
                input["count"] = "5";
                input["summaryHash"] = SummaryHashing.Finish(SummaryHashing.Chain(FieldEncoding.RequestId(requestId), four.Select(commitment.Tree.Leaf)), 5).ToString();
                break;
            case "leaf":
                input["leaf"]![1] = commitment.Tree.Leaf(10).ToString();
                break;
        }
        Assert.False(await circuit.Satisfies(GroundingFamily.News, input));
    }

    /// <summary>
    /// What a prover that ignores the member's limits would hand the witness calculator: the input of a member
    /// that does hold the document, cut to this member's slots and depth.
    /// </summary>
    private static JsonObject CircomInputIgnoringLimits(GroundingInput input, GroundingCircuit member)
    {
        var fitting = input.ToCircomInput(GroundingFamily.Select(input.DocumentSentences, input.Indices.Count));
        JsonArray Cut(JsonNode array, int length) => new([.. array.AsArray().Take(length).Select(node => node!.DeepClone())]);
        fitting["leaf"] = Cut(fitting["leaf"]!, member.Slots);
        fitting["index"] = Cut(fitting["index"]!, member.Slots);
        fitting["siblings"] = new JsonArray([.. fitting["siblings"]!.AsArray().Take(member.Slots).Select(path => (JsonNode)Cut(path!, member.Depth))]);
        return fitting;
    }

    [GeneratedRegex(@"component\s+main\s*\{[^}]*\}\s*=\s*Grounding\((\d+),\s*(\d+)\)\s*;")]
    private static partial Regex MainInstance();
}
