using System.Text;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Hashing;

namespace ZkSummarize.Core.Receipts;

/// <summary>What an offline check of a receipt found.</summary>
public sealed record ReceiptCheck(bool IsValid, IReadOnlyList<string> Problems)
{
    public static ReceiptCheck Valid { get; } = new(true, []);
}

/// <summary>
/// Checks a receipt without the document and without the chain: the summary sentences hash to
/// summaryHash (with the requestId and their count), the public inputs are the receipt's own values,
/// the verifying key matches its hash, and the Groth16 proof verifies. The chain check (the
/// attestation account and the program's key) is separate, because it needs an RPC node.
/// </summary>
public static class ReceiptVerifier
{
    public static ReceiptCheck Check(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var problems = new List<string>();
        try
        {
            var requestId = FieldEncoding.RequestId(Convert.FromHexString(receipt.RequestId));
            var docRoot = Fr.FromBytesBigEndian(Convert.FromHexString(receipt.DocRoot));
            var summaryHash = Fr.FromBytesBigEndian(Convert.FromHexString(receipt.SummaryHash));
            var workerField = FieldEncoding.WorkerField(Convert.FromHexString(receipt.WorkerKey));

            if (receipt.Summary.Count is 0 or > CommitmentLimits.MaxSummarySentences) problems.Add($"the summary has {receipt.Summary.Count} sentences (1 to {CommitmentLimits.MaxSummarySentences} allowed)");
            for (var i = 1; i < receipt.Summary.Count; i++)
            {
                if (receipt.Summary[i].Index <= receipt.Summary[i - 1].Index) problems.Add("the summary's sentence indices are not strictly increasing");
            }
            var chain = requestId;
            foreach (var sentence in receipt.Summary) chain = Poseidon.Hash(chain, FieldEncoding.Leaf(Encoding.UTF8.GetBytes(sentence.Text)));
            if (Poseidon.Hash(chain, Fr.FromUInt64((ulong)receipt.Summary.Count)) != summaryHash)
            {
                problems.Add("the summary sentences do not hash to summaryHash (the text was changed, or sentences added, removed or reordered)");
            }

            Fr[] expectedInputs = [docRoot, summaryHash, requestId, workerField];
            var inputs = receipt.PublicInputs.Select(h => Fr.FromBytesBigEndian(Convert.FromHexString(h))).ToArray();
            if (!inputs.SequenceEqual(expectedInputs)) problems.Add("the public inputs are not [docRoot, summaryHash, requestId, workerField] of this receipt");

            var keyBytes = Convert.FromHexString(receipt.VerifyingKey);
            if (Receipt.Hash(keyBytes) != receipt.VerifyingKeyHash) problems.Add("the verifying key does not match its hash");
            var key = SolanaEncoding.DecodeVerifyingKey(keyBytes);
            Proof proof;
            try
            {
                proof = SolanaEncoding.DecodeProof(Convert.FromHexString(receipt.Proof));
            }
            catch (FormatException e)
            {
                problems.Add($"the proof is malformed: {e.Message}");
                return new ReceiptCheck(false, problems);
            }
            if (!Groth16Verifier.Verify(key, expectedInputs, proof)) problems.Add("the Groth16 proof does not verify for these public inputs");
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            problems.Add($"the receipt is malformed: {e.Message}");
        }
        return problems.Count == 0 ? ReceiptCheck.Valid : new ReceiptCheck(false, problems);
    }
}
