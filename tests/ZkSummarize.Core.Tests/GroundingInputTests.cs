using System.Text.Json.Nodes;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Hashing;

namespace ZkSummarize.Core.Tests;

/// <summary>
/// The circuit's input built from a summary, without running the circuit: its public inputs are the ones a
/// recorded proof verified under (vectors/receipt-dev.json), its private part holds each chosen leaf with a
/// Merkle path to docRoot, unused slots are zero, and summaries given as text are found in document order.
/// GroundingCircuitTests feeds the same inputs to the circuit itself (slow: snarkjs).
/// </summary>
public sealed class GroundingInputTests
{
    private const string Article = "The council met on Monday. It approved the budget. Buses will run more often. Critics were not convinced.";

    private static readonly Receipt Recorded = Receipt.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "receipt-dev.json")));
    private static readonly DocumentCommitment Commitment = DocumentCommitment.Create(Document.Parse(Article));
    private static readonly byte[] RequestId = Convert.FromHexString(Recorded.RequestId), Worker = Convert.FromHexString(Recorded.WorkerKey);

    [Fact]
    public void The_public_inputs_are_the_ones_the_recorded_proof_verified_under_in_the_circuits_order()
    {
        var input = GroundingInput.ForIndices(Commitment, [1, 2], RequestId, Worker);
        Assert.Equal(Recorded.PublicInputs, input.PublicInputs.Select(Hex));
        Assert.Equal((Recorded.DocRoot, Recorded.SummaryHash), (Hex(input.DocRoot), Hex(input.SummaryHash)));
        Assert.Equal(FieldEncoding.RequestId(RequestId), input.RequestId);
        Assert.Equal(FieldEncoding.WorkerField(Worker), input.WorkerField);
        Assert.Equal(input.SummaryHash, SummaryHashing.Finish(input.SummaryChain, 2)); // the chain is the hash before its count
    }

    [Fact]
    public void Each_chosen_leaf_comes_with_its_path_to_the_root()
    {
        var input = GroundingInput.ForIndices(Commitment, [0, 3], RequestId, Worker);
        Assert.Equal([0, 3], input.Indices);
        Assert.Equal([Commitment.Tree.Leaf(0), Commitment.Tree.Leaf(3)], input.Leaves);
        for (var j = 0; j < 2; j++)
        {
            var (node, position) = (input.Leaves[j], input.Indices[j]);
            Assert.Equal(CommitmentLimits.TreeDepth, input.Siblings[j].Length);
            foreach (var sibling in input.Siblings[j])
            {
                node = position % 2 == 0 ? Poseidon.Hash(node, sibling) : Poseidon.Hash(sibling, node);
                position /= 2;
            }
            Assert.Equal(Commitment.DocRoot, node);
        }
    }

    [Fact]
    public void The_circom_input_has_sixteen_slots_with_the_unused_ones_zero()
    {
        var input = GroundingInput.ForIndices(Commitment, [1, 2], RequestId, Worker);
        var json = input.ToCircomInput(GroundingFamily.Full);
        Assert.Equal(["docRoot", "summaryHash", "requestId", "workerField", "count", "leaf", "index", "siblings"], json.Select(p => p.Key));
        Assert.Equal(input.PublicInputs.Select(f => f.ToString()), new[] { "docRoot", "summaryHash", "requestId", "workerField" }.Select(k => (string)json[k]!));
        Assert.Equal("2", (string)json["count"]!);
        Assert.Equal([input.Leaves[0].ToString(), input.Leaves[1].ToString(), .. Enumerable.Repeat("0", 14)], Strings(json["leaf"]!));
        Assert.Equal(["1", "2", .. Enumerable.Repeat("0", 14)], Strings(json["index"]!));
        var siblings = json["siblings"]!.AsArray();
        Assert.Equal(CommitmentLimits.MaxSummarySentences, siblings.Count);
        Assert.Equal(input.Siblings[1].Select(s => s.ToString()), Strings(siblings[1]!));
        Assert.Equal(Enumerable.Repeat("0", CommitmentLimits.TreeDepth), Strings(siblings[2]!));
        Assert.Equal(Enumerable.Repeat("0", CommitmentLimits.TreeDepth), Strings(siblings[15]!));
    }

    [Fact]
    public void A_summary_given_as_text_is_found_in_document_order()
    {
        var byText = GroundingInput.ForSentences(Commitment, ["It approved the budget.", "Buses will run more often."], RequestId, Worker);
        Assert.Equal([1, 2], byText.Indices);
        Assert.Equal(Recorded.PublicInputs, byText.PublicInputs.Select(Hex));

        // A sentence that occurs twice is matched after the previous summary sentence, not at its first occurrence.
        var repeated = DocumentCommitment.Create(Document.Parse("Yes. No. Yes. Maybe."));
        Assert.Equal([1, 2], GroundingInput.ForSentences(repeated, ["No.", "Yes."], RequestId, Worker).Indices);
        Assert.Equal([0, 2], GroundingInput.ForSentences(repeated, ["Yes.", "Yes."], RequestId, Worker).Indices);
    }

    [Fact]
    public void A_sentence_out_of_order_or_not_in_the_document_is_refused_with_which_and_why()
    {
        var outOfOrder = Assert.Throws<GroundingException>(() => GroundingInput.ForSentences(Commitment, ["Buses will run more often.", "It approved the budget."], RequestId, Worker));
        Assert.Equal("The summary sentence \"It approved the budget.\" is in the document, but not after the previous summary sentence: summaries keep document order.", outOfOrder.Message);

        var missing = Assert.Throws<GroundingException>(() => GroundingInput.ForSentences(Commitment, ["It approved the budget", "x"], RequestId, Worker));
        Assert.StartsWith("The summary sentence \"It approved the budget\" is not a sentence of the document", missing.Message, StringComparison.Ordinal);

        var eighty = new string('a', 80);
        Assert.Contains($"\"{eighty}\"", Assert.Throws<GroundingException>(() => GroundingInput.ForSentences(Commitment, [eighty], RequestId, Worker)).Message, StringComparison.Ordinal);
        Assert.Contains($"\"{new string('b', 77)}...\"", Assert.Throws<GroundingException>(() => GroundingInput.ForSentences(Commitment, [new string('b', 81)], RequestId, Worker)).Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>(() => GroundingInput.ForSentences(null!, [], RequestId, Worker));
        Assert.Throws<ArgumentNullException>(() => GroundingInput.ForSentences(Commitment, null!, RequestId, Worker));
        Assert.Throws<ArgumentNullException>(() => GroundingInput.ForIndices(null!, [0], RequestId, Worker));
        Assert.Throws<ArgumentNullException>(() => GroundingInput.ForIndices(Commitment, null!, RequestId, Worker));
    }

    private static string Hex(Fr value) => Convert.ToHexStringLower(value.ToBytesBigEndian());

    private static IEnumerable<string> Strings(JsonNode array) => array.AsArray().Select(n => (string)n!);
}
