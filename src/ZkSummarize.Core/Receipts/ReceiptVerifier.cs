using ZkSummarize.Core.Commitments;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Core.Receipts;

/// <summary>What an offline check of a receipt found, and which pinned key the proof was checked with (null: none could be).</summary>
public sealed record ReceiptCheck(bool IsValid, IReadOnlyList<string> Problems, PinnedKey? Key)
{
    /// <summary>Proven under a key whose secrets are public: even a proof that verifies proves nothing.</summary>
    public bool Forgeable => Key is { Forgeable: true };
}

/// <summary>
/// Checks a receipt without the document and without the chain: the summary sentences hash to
/// summaryHash (with the requestId and their count), the public inputs are the receipt's own values, the
/// key it names is pinned for its network (<see cref="TrustedKeys"/>) and not forgeable, and the Groth16
/// proof verifies under that pinned key. The chain check (the attestation account) is separate, because
/// it needs an RPC node.
/// </summary>
public static class ReceiptVerifier
{
    /// <param name="alsoTrusted">Keys the verifier pins itself, on top of <see cref="TrustedKeys"/>: a network's own ceremony key (zks verify --trust-key).</param>
    public static ReceiptCheck Check(Receipt receipt, IReadOnlyCollection<PinnedKey>? alsoTrusted = null)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var problems = new List<string>();
        var extra = (alsoTrusted ?? []).FirstOrDefault(k => string.Equals(k.Hash, receipt.VerifyingKeyHash, StringComparison.OrdinalIgnoreCase));
        // A key this software knows keeps what it knows of it: trusting the development key by hand does not make it sound.
        var key = TrustedKeys.Find(receipt.VerifyingKeyHash) ?? extra;
        try
        {
            var requestId = FieldEncoding.RequestId(Convert.FromHexString(receipt.RequestId));
            var docRoot = Fr.FromBytesBigEndian(Convert.FromHexString(receipt.DocRoot));
            var summaryHash = Fr.FromBytesBigEndian(Convert.FromHexString(receipt.SummaryHash));
            var workerField = FieldEncoding.WorkerField(Convert.FromHexString(receipt.WorkerKey));

            if (receipt.Settlement is not (Settlements.Escrow or Settlements.Direct)) problems.Add($"the settlement '{receipt.Settlement}' is neither escrow nor direct");
            if (receipt.Summary.Count is 0 or > CommitmentLimits.MaxSummarySentences) problems.Add($"the summary has {receipt.Summary.Count} sentences (1 to {CommitmentLimits.MaxSummarySentences} allowed)");
            for (var i = 1; i < receipt.Summary.Count; i++)
            {
                if (receipt.Summary[i].Index <= receipt.Summary[i - 1].Index) problems.Add("the summary's sentence indices are not strictly increasing");
            }
            if (SummaryHashing.Of(requestId, receipt.SummaryLeaves()) != summaryHash)
            {
                problems.Add("the summary sentences do not hash to summaryHash (the text was changed, or sentences added, removed or reordered)");
            }

            Fr[] expectedInputs = [docRoot, summaryHash, requestId, workerField];
            var inputs = receipt.PublicInputs.Select(h => Fr.FromBytesBigEndian(Convert.FromHexString(h))).ToArray();
            if (!inputs.SequenceEqual(expectedInputs)) problems.Add("the public inputs are not [docRoot, summaryHash, requestId, workerField] of this receipt");

            if (key is null)
            {
                problems.Add($"the proof was made under verifying key {receipt.VerifyingKeyHash}, which is not a key this software pins for any network; nothing can be concluded from it");
                return new ReceiptCheck(false, problems, null);
            }
            problems.AddRange(CircuitProblems(receipt, key));
            if (extra is null && !TrustedKeys.PinnedFor(receipt.Network).Contains(key)) problems.Add($"the proof was made under {key.Name}, which is not accepted on {receipt.Network}");
            else if (key.Forgeable) problems.Add($"the proof was made under {key.Name}: this receipt is FORGEABLE and proves nothing");
            Proof proof;
            try
            {
                proof = SolanaEncoding.DecodeProof(Convert.FromHexString(receipt.Proof));
            }
            catch (FormatException e)
            {
                problems.Add($"the proof is malformed: {e.Message}");
                return new ReceiptCheck(false, problems, key);
            }
            if (!Groth16Verifier.Verify(key.Decoded, expectedInputs, proof)) problems.Add("the Groth16 proof does not verify for these public inputs under the pinned key");
            problems.AddRange(SnarkjsFormProblems(receipt, proof, expectedInputs));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            problems.Add($"the receipt is malformed: {e.Message}");
        }
        return new ReceiptCheck(problems.Count == 0, problems, key);
    }

    // The circuit a receipt names is information for people (the key decides what the proof proves), but a
    // receipt that names another circuit than its key's misstates what was proven, so it does not pass.
    private static IEnumerable<string> CircuitProblems(Receipt receipt, PinnedKey key)
    {
        if (receipt.Circuit is null) yield break;
        if (Proving.GroundingFamily.Find(receipt.Circuit) is null)
        {
            yield return $"the receipt names the circuit '{receipt.Circuit}', which is not a member of the grounding family ({string.Join(", ", Proving.GroundingFamily.Members.Select(m => m.Name))})";
        }
        else if (key.Circuit is { } keyCircuit && keyCircuit.Name != receipt.Circuit)
        {
            yield return $"the receipt names the circuit {receipt.Circuit}, but its verifying key is {keyCircuit.Name}'s";
        }
    }

    // The snarkjs copies are what outsiders verify: they must state exactly what the checked proof states.
    private static IEnumerable<string> SnarkjsFormProblems(Receipt receipt, Proof proof, Fr[] inputs)
    {
        if (receipt.SnarkjsProof is { } snarkjs)
        {
            Proof? copy;
            try
            {
                copy = SnarkjsJson.ReadProof(snarkjs.ToJsonString());
            }
            catch (FormatException)
            {
                copy = null;
            }
            if (copy is null || !SolanaEncoding.EncodeProof(copy).AsSpan().SequenceEqual(SolanaEncoding.EncodeProof(proof)))
            {
                yield return "snarkjsProof is not the same proof as proof";
            }
        }
        if (receipt.PublicSignals is { } signals && !signals.SequenceEqual(inputs.Select(i => i.ToString())))
        {
            yield return "publicSignals are not [docRoot, summaryHash, requestId, workerField] of this receipt in decimal";
        }
    }
}
