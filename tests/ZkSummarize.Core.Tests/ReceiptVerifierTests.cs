using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Core.Tests;

/// <summary>
/// The offline receipt check, one rule at a time, on a recorded receipt (vectors/receipt-dev.json: a real
/// proof of sentences 1 and 2 of <see cref="Article"/> under the development key, made by the grounding
/// prover on 2 December 2026). No proving here: each test changes one thing and asserts exactly which
/// problem the verifier reports, so these run in milliseconds (scripts/mutation.sh runs them per mutant;
/// ReceiptKeyTests checks fresh proofs).
/// </summary>
public sealed class ReceiptVerifierTests
{
    private const string Article = "The council met on Monday. It approved the budget. Buses will run more often. Critics were not convinced.";
    private const string Devnet = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    private const string Forgeable = "the proof was made under the development key (its secrets come from a public seed: anyone can forge proofs under it): this receipt is FORGEABLE and proves nothing";
    private const string DoesNotVerify = "the Groth16 proof does not verify for these public inputs under the pinned key";

    private static readonly Receipt Recorded = Receipt.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "receipt-dev.json")));

    private static IReadOnlyList<string> Problems(Receipt receipt, params PinnedKey[] trusted) => ReceiptVerifier.Check(receipt, trusted).Problems;

    [Fact]
    public void The_recorded_receipt_verifies_and_is_reported_forgeable_on_the_dev_chain_only()
    {
        var check = ReceiptVerifier.Check(Recorded);
        Assert.Equal([Forgeable], check.Problems);
        Assert.False(check.IsValid);
        Assert.True(check.Forgeable);
        Assert.Same(TrustedKeys.Development, check.Key);

        // Off the dev chain the development key is not accepted at all (and the proof still verifies: no other problem).
        Assert.Equal([$"the proof was made under {TrustedKeys.Development.Name}, which is not accepted on {Devnet}"], Problems(Recorded with { Network = Devnet }));
        // The key hash is looked up whatever its case.
        Assert.Equal([Forgeable], Problems(Recorded with { VerifyingKeyHash = Recorded.VerifyingKeyHash.ToUpperInvariant() }));
    }

    [Fact]
    public void A_key_the_verifier_pins_itself_is_used_and_a_proof_made_under_another_does_not_verify_under_it()
    {
        var own = OtherKey();
        var receipt = Recorded with { VerifyingKeyHash = own.Hash };
        Assert.Equal(["the proof was made under verifying key " + own.Hash + ", which is not a key this software pins for any network; nothing can be concluded from it"], Problems(receipt));
        Assert.Null(ReceiptVerifier.Check(receipt).Key);
        Assert.False(ReceiptVerifier.Check(receipt).IsValid);

        var check = ReceiptVerifier.Check(receipt, [own]);
        Assert.Same(own, check.Key);
        Assert.Equal([DoesNotVerify], check.Problems);                 // pinned by hand: accepted on any network, but this proof is not under it
        Assert.Equal([DoesNotVerify], Problems(receipt with { Network = Devnet }, own));
        Assert.Equal([Forgeable], Problems(Recorded, new PinnedKey("mine", Forgeable: false, TrustedKeys.Development.Key))); // trusting the development key by hand does not make it sound
    }

    [Fact]
    public void The_settlement_must_be_escrow_or_direct()
    {
        Assert.Equal([Forgeable], Problems(Recorded with { Settlement = Settlements.Direct }));
        Assert.Equal(["the settlement 'cash' is neither escrow nor direct", Forgeable], Problems(Recorded with { Settlement = "cash" }));
    }

    [Fact]
    public void The_summary_must_have_one_to_sixteen_sentences_in_strictly_increasing_order()
    {
        var count = $"(1 to {CommitmentLimits.MaxSummarySentences} allowed)";
        Assert.Contains($"the summary has 0 sentences {count}", Problems(Recorded with { Summary = [] }));
        var sentence = Recorded.Summary[0];
        Assert.Contains($"the summary has 17 sentences {count}", Problems(Recorded with { Summary = Enumerable.Range(0, 17).Select(i => sentence with { Index = i }).ToArray() }));
        Assert.DoesNotContain(Problems(Recorded with { Summary = Enumerable.Range(0, 16).Select(i => sentence with { Index = i }).ToArray() }), p => p.StartsWith("the summary has", StringComparison.Ordinal));

        const string order = "the summary's sentence indices are not strictly increasing";
        Assert.Contains(order, Problems(Recorded with { Summary = [.. Recorded.Summary.Reverse()] }));
        Assert.Contains(order, Problems(Recorded with { Summary = [Recorded.Summary[0], Recorded.Summary[1] with { Index = Recorded.Summary[0].Index }] }));
        Assert.DoesNotContain(order, Problems(Recorded with { Summary = [Recorded.Summary[0], Recorded.Summary[1] with { Index = Recorded.Summary[0].Index + 1 }] }));
    }

    [Fact]
    public void Summary_text_that_is_not_what_was_proven_is_refused()
    {
        const string changed = "the summary sentences do not hash to summaryHash (the text was changed, or sentences added, removed or reordered)";
        Assert.Equal([changed, Forgeable], Problems(Recorded with { Summary = [Recorded.Summary[0], Recorded.Summary[1] with { Text = "Buses will run less often." }] }));
        Assert.Equal([changed, Forgeable], Problems(Recorded with { Summary = [Recorded.Summary[1]] }));
    }

    [Fact]
    public void Public_inputs_and_their_snarkjs_copy_must_be_the_receipts_own_values()
    {
        const string inputs = "the public inputs are not [docRoot, summaryHash, requestId, workerField] of this receipt";
        Assert.Equal([inputs, Forgeable], Problems(Recorded with { PublicInputs = [Recorded.PublicInputs[1], Recorded.PublicInputs[0], .. Recorded.PublicInputs.Skip(2)] }));
        Assert.Equal([inputs, Forgeable], Problems(Recorded with { PublicInputs = Recorded.PublicInputs.Take(3).ToArray() }));
        // A receipt for another worker: its field is the fourth input, so the proof (of the recorded inputs) no longer matches.
        var otherWorker = Recorded with { WorkerKey = new string('1', 64) };
        Assert.Equal([inputs, Forgeable, DoesNotVerify, "publicSignals are not [docRoot, summaryHash, requestId, workerField] of this receipt in decimal"], Problems(otherWorker));

        Assert.Equal([Forgeable, "publicSignals are not [docRoot, summaryHash, requestId, workerField] of this receipt in decimal"],
            Problems(Recorded with { PublicSignals = [.. Recorded.PublicSignals!.Reverse()] }));
        Assert.Equal([Forgeable], Problems(Recorded with { PublicSignals = null, SnarkjsProof = null })); // older receipts carry neither
    }

    [Fact]
    public void A_proof_that_is_not_the_receipts_or_not_a_proof_at_all_is_refused()
    {
        var bytes = Convert.FromHexString(Recorded.Proof);
        // C replaced by −A: valid points, another proof.
        var swapped = bytes.AsSpan(0, 64).ToArray().Concat(bytes.AsSpan(64, 128).ToArray()).Concat(bytes.AsSpan(0, 64).ToArray()).ToArray();
        Assert.Equal([Forgeable, DoesNotVerify, "snarkjsProof is not the same proof as proof"], Problems(Recorded with { Proof = Convert.ToHexStringLower(swapped) }));
        Assert.Equal([Forgeable, DoesNotVerify], Problems(Recorded with { Proof = Convert.ToHexStringLower(swapped), SnarkjsProof = null }));

        var malformed = ReceiptVerifier.Check(Recorded with { Proof = Recorded.Proof[..^2] });
        Assert.False(malformed.IsValid);
        Assert.Equal(2, malformed.Problems.Count);
        Assert.StartsWith("the proof is malformed: ", malformed.Problems[1], StringComparison.Ordinal);
        Assert.Same(TrustedKeys.Development, malformed.Key);

        Assert.Equal([Forgeable, "snarkjsProof is not the same proof as proof"], Problems(Recorded with { SnarkjsProof = new JsonObject { ["pi_a"] = "nonsense" } }));
    }

    [Fact]
    public void A_receipt_whose_fields_do_not_decode_is_reported_malformed_not_thrown()
    {
        foreach (var broken in new[]
        {
            Recorded with { RequestId = "zz" },
            Recorded with { RequestId = "ff" + Recorded.RequestId[2..] },   // past the field: a request id's top three bits are zero
            Recorded with { DocRoot = "0102" },
            Recorded with { WorkerKey = "" },
            Recorded with { PublicInputs = ["not hex", .. Recorded.PublicInputs.Skip(1)] },
        })
        {
            var check = ReceiptVerifier.Check(broken);
            Assert.False(check.IsValid);
            Assert.StartsWith("the receipt is malformed: ", check.Problems[^1], StringComparison.Ordinal);
        }
        Assert.Throws<ArgumentNullException>(() => ReceiptVerifier.Check(null!));
    }

    [Fact]
    public void A_receipt_made_from_the_proofs_parts_is_the_recorded_one()
    {
        var document = Document.Parse(Article);
        var commitment = DocumentCommitment.Create(document);
        var proof = new GroundingProof(SolanaEncoding.DecodeProof(Convert.FromHexString(Recorded.Proof)),
            Recorded.PublicInputs.Select(h => Fr.FromBytesBigEndian(Convert.FromHexString(h))).ToArray(), Fr.Zero);
        var made = Receipt.Create(new ReceiptOrigin(Recorded.Network, Recorded.ProgramId, Recorded.VerifyingKeyHash, Recorded.Settlement), Convert.FromHexString(Recorded.RequestId),
            commitment, [document.Sentences[1], document.Sentences[2]], proof, (Recorded.Worker, Convert.FromHexString(Recorded.WorkerKey)), Recorded.Attestation);
        Assert.Equal(Recorded.ToJson(), made.ToJson());
        Assert.True(made.Forgeable);

        var origin = new ReceiptOrigin(Devnet, "p", new string('7', 64), Settlements.Direct);
        var unknown = Receipt.Create(origin, Convert.FromHexString(Recorded.RequestId), commitment,
            [document.Sentences[1]], proof, ("w", Convert.FromHexString(Recorded.WorkerKey)), "a", submittedText: Article);
        Assert.Equal(("a key this software does not know", false), (unknown.VerifyingKeyName, unknown.Forgeable));
        Assert.Equal(new CommittedText(Hex(SHA256.HashData(Encoding.UTF8.GetBytes(Article))), Encoding.UTF8.GetByteCount(Article),
            Hex(SHA256.HashData(Encoding.UTF8.GetBytes(document.NormalizedText))), 4), unknown.CommittedText);
        Assert.Throws<ArgumentNullException>(() => Receipt.Create(null!, [], commitment, [], proof, ("w", []), "a"));
        Assert.Throws<ArgumentNullException>(() => Receipt.Create(origin, [], null!, [], proof, ("w", []), "a"));
        Assert.Throws<ArgumentNullException>(() => Receipt.Create(origin, [], commitment, [], null!, ("w", []), "a"));
        Assert.Throws<ArgumentNullException>(() => CommittedText.Of(null!, null));
    }

    [Fact]
    public void Receipt_json_of_another_version_or_shape_is_refused_with_what_is_wrong()
    {
        var json = JsonNode.Parse(Recorded.ToJson())!.AsObject();
        json["version"] = 1;
        Assert.Equal("Receipt version 1 is not supported (this zks reads version 2).", Assert.Throws<FormatException>(() => Receipt.FromJson(json.ToJsonString())).Message);
        Assert.Equal("The receipt is empty.", Assert.Throws<FormatException>(() => Receipt.FromJson("null")).Message);
        Assert.StartsWith("The receipt is not valid receipt JSON: ", Assert.Throws<FormatException>(() => Receipt.FromJson("{\"version\": 2}")).Message, StringComparison.Ordinal);

        json["version"] = 2;
        json["addedLater"] = "ignored";
        Assert.Equal(Recorded.ToJson(), Receipt.FromJson(json.ToJsonString()).ToJson());
    }

    [Fact]
    public void The_development_key_is_pinned_on_the_dev_chain_only_and_keys_are_found_by_hash_in_any_case()
    {
        Assert.Equal([.. TrustedKeys.CeremonyKeys, .. TrustedKeys.DevelopmentKeys], TrustedKeys.PinnedFor(TrustedKeys.DevChainNetwork));
        Assert.Equal([TrustedKeys.Ceremony, TrustedKeys.Development], [TrustedKeys.CeremonyKeys[0], TrustedKeys.DevelopmentKeys[0]]);
        Assert.All(TrustedKeys.DevelopmentKeys, k => Assert.True(k.Forgeable));
        Assert.All(TrustedKeys.CeremonyKeys, k => Assert.False(k.Forgeable));
        Assert.Equal(GroundingFamily.Members, TrustedKeys.DevelopmentKeys.Select(k => k.Circuit).OrderBy(c => c!.Depth));
        Assert.Equal(GroundingFamily.Members, TrustedKeys.CeremonyKeys.Select(k => k.Circuit).OrderBy(c => c!.Depth));
        Assert.Equal(6, TrustedKeys.All.Select(k => k.Hash).Distinct().Count());
        // Every member has had its ceremony, so a new network's default is that key, on the dev chain too: never a forgeable one.
        Assert.All(GroundingFamily.Members, m => Assert.Same(TrustedKeys.CeremonyKeyOf(m), TrustedKeys.DefaultKeyOf(m, devChain: false)));
        Assert.All(GroundingFamily.Members, m => Assert.Same(TrustedKeys.CeremonyKeyOf(m), TrustedKeys.DefaultKeyOf(m, devChain: true)));
        Assert.Equal(TrustedKeys.CeremonyKeys, TrustedKeys.PinnedFor(Devnet));
        Assert.Same(TrustedKeys.Development, TrustedKeys.Find(TrustedKeys.Development.Hash.ToUpperInvariant()));
        Assert.Same(TrustedKeys.Ceremony, TrustedKeys.Find(TrustedKeys.Ceremony.Hash));
        Assert.Null(TrustedKeys.Find(new string('0', 64)));
        Assert.Equal((true, false), (TrustedKeys.Development.Forgeable, TrustedKeys.Ceremony.Forgeable));
        Assert.Equal(Hex(SHA256.HashData(TrustedKeys.Development.Key)), TrustedKeys.Development.Hash);
    }

    [Fact]
    public void A_receipt_that_names_another_circuit_than_its_keys_or_none_of_the_family_does_not_pass()
    {
        Assert.Equal(GroundingFamily.Full.Name, Recorded.Circuit ?? GroundingFamily.Full.Name);
        var named = ReceiptVerifier.Check(Recorded with { Circuit = GroundingFamily.Full.Name });
        Assert.DoesNotContain(named.Problems, p => p.Contains("circuit", StringComparison.Ordinal));

        var other = ReceiptVerifier.Check(Recorded with { Circuit = GroundingFamily.News.Name });
        Assert.False(other.IsValid);
        Assert.Contains($"the receipt names the circuit {GroundingFamily.News.Name}, but its verifying key is {GroundingFamily.Full.Name}'s", other.Problems);

        var unknown = ReceiptVerifier.Check(Recorded with { Circuit = "grounding_d99k99" });
        Assert.False(unknown.IsValid);
        Assert.Contains(unknown.Problems, p => p.StartsWith("the receipt names the circuit 'grounding_d99k99', which is not a member of the grounding family", StringComparison.Ordinal));
    }

    /// <summary>A verifying key that is valid but is not the development key: its IC1 and IC2 swapped (64 bytes each, after α‖β‖γ‖δ‖IC0).</summary>
    private static PinnedKey OtherKey()
    {
        var key = TrustedKeys.Development.Key.ToArray();
        const int ic1 = 64 + 128 * 3 + 64;
        var first = key.AsSpan(ic1, 64).ToArray();
        key.AsSpan(ic1 + 64, 64).CopyTo(key.AsSpan(ic1));
        first.CopyTo(key.AsSpan(ic1 + 64));
        return new PinnedKey("a network's own key", Forgeable: false, key);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
