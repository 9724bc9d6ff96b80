using System.Globalization;
using System.Text.Json.Nodes;
using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Core.Commitments;

/// <summary>
/// Everything a grounding circuit (any member of <see cref="GroundingFamily"/>) needs for one summary: the
/// public inputs in their fixed order and the private leaves, indices and Merkle paths, with unused slots zero.
/// </summary>
public sealed class GroundingInput
{
    private GroundingInput(int documentSentences, Fr docRoot, Fr summaryHash, Fr requestId, Fr workerField, int[] indices, Fr[] leaves, Fr[][] siblings)
    {
        DocumentSentences = documentSentences;
        DocRoot = docRoot;
        SummaryHash = summaryHash;
        RequestId = requestId;
        WorkerField = workerField;
        Indices = indices;
        Leaves = leaves;
        Siblings = siblings;
    }

    /// <summary>How many sentences the document has: with the summary's count, it decides which members can prove it.</summary>
    public int DocumentSentences { get; }

    public Fr DocRoot { get; }

    public Fr SummaryHash { get; }

    public Fr RequestId { get; }

    public Fr WorkerField { get; }

    /// <summary>hₖ, the summary's hash chain before its count: what Attest takes, since the program finishes summaryHash with the count paid for.</summary>
    public Fr SummaryChain => SummaryHashing.Chain(RequestId, Leaves);

    public IReadOnlyList<int> Indices { get; }

    public IReadOnlyList<Fr> Leaves { get; }

    public IReadOnlyList<Fr[]> Siblings { get; }

    /// <summary>The public inputs in the circuit's order: docRoot, summaryHash, requestId, workerField.</summary>
    public IReadOnlyList<Fr> PublicInputs => [DocRoot, SummaryHash, RequestId, WorkerField];

    /// <exception cref="ArgumentException">The indices break the summary rules, or an id or key is malformed.</exception>
    public static GroundingInput ForIndices(DocumentCommitment commitment, IReadOnlyList<int> indices, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> workerPublicKey)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(indices);
        var id = FieldEncoding.RequestId(requestId);
        var summaryHash = commitment.SummaryHash(id, indices); // validates count, order and range
        return new GroundingInput(commitment.Tree.LeafCount, commitment.DocRoot, summaryHash, id, FieldEncoding.WorkerField(workerPublicKey),
            indices.ToArray(), indices.Select(commitment.Tree.Leaf).ToArray(), indices.Select(commitment.Tree.Siblings).ToArray());
    }

    /// <summary>For a summary given as sentence texts: each must be a sentence of the document, in document order.</summary>
    /// <exception cref="GroundingException">A sentence is not in the document, or they are out of order.</exception>
    public static GroundingInput ForSentences(DocumentCommitment commitment, IReadOnlyList<string> sentences, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> workerPublicKey)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(sentences);
        var indices = new List<int>();
        foreach (var sentence in sentences)
        {
            var start = indices.Count == 0 ? 0 : indices[^1] + 1;
            var found = -1;
            for (var i = start; i < commitment.Document.Sentences.Count && found < 0; i++)
            {
                if (string.Equals(commitment.Document.Sentences[i].Text, sentence, StringComparison.Ordinal)) found = i;
            }
            if (found < 0)
            {
                var anywhere = commitment.Document.Sentences.Any(s => string.Equals(s.Text, sentence, StringComparison.Ordinal));
                throw new GroundingException(anywhere
                    ? $"The summary sentence \"{Shorten(sentence)}\" is in the document, but not after the previous summary sentence: summaries keep document order."
                    : $"The summary sentence \"{Shorten(sentence)}\" is not a sentence of the document, so it cannot be proven. Only whole sentences of the document, exactly as segmented, can be.");
            }
            indices.Add(found);
        }
        return ForIndices(commitment, indices, requestId, workerPublicKey);
    }

    /// <summary>Refuses, before any proving work, a summary <paramref name="circuit"/> cannot prove.</summary>
    /// <exception cref="GroundingException">The document or the summary is larger than the circuit holds.</exception>
    public void EnsureFits(GroundingCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (circuit.Fits(DocumentSentences, Indices.Count)) return;
        throw new GroundingException(
            $"The circuit {circuit} cannot prove a summary of {Indices.Count} sentences of a document of {DocumentSentences:N0} sentences. "
            + "Prove it with a larger member (GroundingFamily.Select picks the smallest that fits).");
    }

    /// <summary>
    /// The input file circom's witness calculator reads for <paramref name="circuit"/> (decimal strings): its
    /// K slots, each path cut to its depth D (the lowest D siblings: the path to the leftmost depth-D
    /// subtree, which the circuit lifts to docRoot).
    /// </summary>
    /// <exception cref="GroundingException">The circuit is too small for this document or summary.</exception>
    public JsonObject ToCircomInput(GroundingCircuit circuit)
    {
        EnsureFits(circuit);
        var zeros = Enumerable.Repeat("0", circuit.Depth).ToArray();
        return new JsonObject
        {
            ["docRoot"] = DocRoot.ToString(),
            ["summaryHash"] = SummaryHash.ToString(),
            ["requestId"] = RequestId.ToString(),
            ["workerField"] = WorkerField.ToString(),
            ["count"] = Indices.Count.ToString(CultureInfo.InvariantCulture),
            ["leaf"] = JsonArrayOf(Enumerable.Range(0, circuit.Slots).Select(j => j < Leaves.Count ? Leaves[j].ToString() : "0")),
            ["index"] = JsonArrayOf(Enumerable.Range(0, circuit.Slots).Select(j => j < Indices.Count ? Indices[j].ToString(CultureInfo.InvariantCulture) : "0")),
            ["siblings"] = new JsonArray(Enumerable.Range(0, circuit.Slots)
                .Select(j => (JsonNode)JsonArrayOf(j < Siblings.Count ? Siblings[j].Take(circuit.Depth).Select(s => s.ToString()) : zeros)).ToArray()),
        };
    }

    private static JsonArray JsonArrayOf(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}

/// <summary>A summary that cannot be proven against its document, with the reason.</summary>
/// <remarks>Raised before any proving work starts, so nothing is spent on a summary that cannot be proven.</remarks>
public sealed class GroundingException(string message) : Exception(message);
