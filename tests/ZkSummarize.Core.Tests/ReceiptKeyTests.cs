using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Testing;

namespace ZkSummarize.Core.Tests;

/// <summary>
/// security.md K1 and C4: a receipt is checked with the key this software pins for its network, never with
/// one it carries. A receipt proven under the development key is forgeable wherever it comes from, is not
/// accepted off the dev chain, and stays forgeable even if a verifier trusts that key by hand.
/// </summary>
[Collection(GroundingCircuitCollection.Name)]
public sealed class ReceiptKeyTests(GroundingCircuitFixture circuit)
{
    private const string Devnet = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    private static readonly byte[] Worker = Enumerable.Range(0, 32).Select(i => (byte)(90 + i)).ToArray();

    /// <summary>A real receipt of a real proof under the development key (the fixture's prover).</summary>
    private Receipt DevelopmentReceipt(string network)
    {
        var document = Document.Parse("The council met on Monday. It approved the budget. Buses will run more often. Critics were not convinced.");
        var commitment = DocumentCommitment.Create(document);
        var requestId = FieldEncoding.NewRequestId();
        var proof = circuit.Prover.Prove(GroundingInput.ForIndices(commitment, [1, 2], requestId, Worker));
        var keyHash = Receipt.Hash(SolanaEncoding.EncodeVerifyingKey(circuit.Prover.VerifyingKey));
        return Receipt.Create(new ReceiptOrigin(network, "Program", keyHash, Settlements.Escrow), requestId, commitment, [document.Sentences[1], document.Sentences[2]], proof,
            ("Worker", Worker), "Attestation");
    }

    /// <summary>The README pins both keys by hash; the pinned keys are the committed files'.</summary>
    [Fact]
    public void The_pinned_keys_are_the_committed_ones_and_their_hashes_are_in_the_readme()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        var pinned = TrustedKeys.CeremonyKeys.Select(k => (k, k.Circuit!.CeremonyVerificationKeyFile)).Append((TrustedKeys.Development, "verification_key.dev.json"));
        foreach (var (key, file) in pinned)
        {
            var committed = SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(File.ReadAllText(RepoPaths.Combine("circuits", file))));
            Assert.Equal(Receipt.Hash(committed), key.Hash);
            Assert.True(readme.Contains(key.Hash, StringComparison.Ordinal), $"README.md does not pin {file}'s hash {key.Hash}.");
        }
        Assert.Equal(3, TrustedKeys.CeremonyKeys.Count);
        Assert.All(TrustedKeys.CeremonyKeys, k => Assert.False(k.Forgeable));
        Assert.Equal(TrustedKeys.CeremonyKeys, TrustedKeys.PinnedFor("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"));
    }

    [Fact]
    public void The_development_key_is_the_one_pinned_as_forgeable_and_the_receipt_says_so()
    {
        var receipt = DevelopmentReceipt(TrustedKeys.DevChainNetwork);
        Assert.Equal(TrustedKeys.Development.Hash, receipt.VerifyingKeyHash);
        Assert.True(receipt.Forgeable);
        Assert.Contains("anyone can forge", receipt.VerifyingKeyName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_development_key_receipt_is_forgeable_on_the_dev_chain_and_not_accepted_anywhere_else()
    {
        var onDevChain = ReceiptVerifier.Check(DevelopmentReceipt(TrustedKeys.DevChainNetwork));
        Assert.False(onDevChain.IsValid);
        Assert.True(onDevChain.Forgeable);
        Assert.Equal(["the proof was made under " + TrustedKeys.Development.Name + ": this receipt is FORGEABLE and proves nothing"], onDevChain.Problems);

        var onDevnet = ReceiptVerifier.Check(DevelopmentReceipt(Devnet));
        Assert.False(onDevnet.IsValid);
        Assert.Contains(onDevnet.Problems, p => p.Contains($"which is not accepted on {Devnet}", StringComparison.Ordinal));
    }

    [Fact]
    public void Trusting_the_development_key_by_hand_does_not_make_it_sound()
    {
        var check = ReceiptVerifier.Check(DevelopmentReceipt(Devnet), [new PinnedKey("my key", Forgeable: false, TrustedKeys.Development.Key)]);
        Assert.True(check.Forgeable);
        Assert.False(check.IsValid);
    }

    /// <summary>A receipt naming a key nobody pins is refused, whatever it claims; a verifier can pin its network's own key explicitly.</summary>
    [Fact]
    public void A_key_that_is_not_pinned_is_refused_unless_the_verifier_trusts_it()
    {
        var receipt = DevelopmentReceipt(Devnet);
        var unknown = receipt with { VerifyingKeyHash = new string('7', 64), VerifyingKeyName = "the node says this is the ceremony key", Forgeable = false };
        var check = ReceiptVerifier.Check(unknown);
        Assert.Null(check.Key);
        Assert.Contains(check.Problems, p => p.Contains("not a key this software pins", StringComparison.Ordinal));

        // A network's own key, pinned by the verifier: the receipt verifies under it (here a second key, made from another seed).
        var ownKey = DevelopmentSetup.Create(Crypto.Snarkjs.R1cs.Read(File.ReadAllBytes(RepoPaths.Combine("circuits", "build", "grounding.r1cs"))), "a network's own ceremony, for this test");
        using var prover = new Proving.GroundingProver(File.ReadAllBytes(RepoPaths.Combine("circuits", "build", "grounding_js", "grounding.wasm")), ownKey);
        var document = Document.Parse("One sentence here. Another one there.");
        var commitment = DocumentCommitment.Create(document);
        var requestId = FieldEncoding.NewRequestId();
        var pinned = new PinnedKey("our network's key", Forgeable: false, SolanaEncoding.EncodeVerifyingKey(ownKey.VerifyingKey));
        var own = Receipt.Create(new ReceiptOrigin(Devnet, "Program", pinned.Hash, Settlements.Direct), requestId, commitment, [document.Sentences[0]],
            prover.Prove(GroundingInput.ForIndices(commitment, [0], requestId, Worker)), ("Worker", Worker), "Attestation");
        Assert.False(ReceiptVerifier.Check(own).IsValid);
        var trusted = ReceiptVerifier.Check(own, [pinned]);
        Assert.True(trusted.IsValid, string.Join("; ", trusted.Problems));
        Assert.Equal("our network's key", trusted.Key!.Name);
    }

    /// <summary>
    /// The snarkjs copies (snarkjsProof, publicSignals) are what an outsider verifies, so the verifier holds
    /// them to the proof it checks; a receipt from before they were added reads and checks as before.
    /// </summary>
    [Fact]
    public void The_snarkjs_form_must_state_the_checked_proof_and_receipts_without_it_still_read()
    {
        var receipt = DevelopmentReceipt(TrustedKeys.DevChainNetwork);
        var baseline = ReceiptVerifier.Check(receipt).Problems;
        Assert.Single(baseline); // only FORGEABLE: the development key
        Assert.Equal(receipt.PublicInputs.Select(h => new System.Numerics.BigInteger(Convert.FromHexString(h), isUnsigned: true, isBigEndian: true).ToString()), receipt.PublicSignals);
        Assert.Equal(4, receipt.CommittedText!.Sentences);

        var older = System.Text.Json.Nodes.JsonNode.Parse(receipt.ToJson())!.AsObject();
        foreach (var added in new[] { "snarkjsProof", "publicSignals", "committedText" }) Assert.True(older.Remove(added));
        var read = Receipt.FromJson(older.ToJsonString());
        Assert.Null(read.SnarkjsProof);
        Assert.Equal(baseline, ReceiptVerifier.Check(read).Problems);

        var otherSignals = receipt with { PublicSignals = [.. receipt.PublicSignals!.Take(3), "1"] };
        Assert.Contains(ReceiptVerifier.Check(otherSignals).Problems, p => p.StartsWith("publicSignals", StringComparison.Ordinal));
        var otherProof = receipt with { SnarkjsProof = DevelopmentReceipt(TrustedKeys.DevChainNetwork).SnarkjsProof };
        Assert.Contains(ReceiptVerifier.Check(otherProof).Problems, p => p.StartsWith("snarkjsProof", StringComparison.Ordinal));
    }
}
