using System.Text.Json.Nodes;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Core.Commitments;

/// <summary>
/// Everything the grounding circuit (circuits/grounding.circom) needs for one summary: the public
/// inputs in their fixed order and the private leaves, indices and Merkle paths, with unused slots zero.
/// </summary>
public sealed class GroundingInput
{
    private GroundingInput(Fr docRoot, Fr summaryHash, Fr requestId, Fr workerField, int[] indices, Fr[] leaves, Fr[][] siblings)
    {
        DocRoot = docRoot;
        SummaryHash = summaryHash;
        RequestId = requestId;
        WorkerField = workerField;
        Indices = indices;
        Leaves = leaves;
        Siblings = siblings;
    }

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
        return new GroundingInput(commitment.DocRoot, summaryHash, id, FieldEncoding.WorkerField(workerPublicKey),
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

    /// <summary>The input file circom's witness calculator reads (decimal strings; K = 16 slots, depth 12).</summary>
    public JsonObject ToCircomInput()
    {
        var k = CommitmentLimits.MaxSummarySentences;
        var zeros = new string[CommitmentLimits.TreeDepth];
        System.Array.Fill(zeros, "0");
        return new JsonObject
        {
            ["docRoot"] = DocRoot.ToString(),
            ["summaryHash"] = SummaryHash.ToString(),
            ["requestId"] = RequestId.ToString(),
            ["workerField"] = WorkerField.ToString(),
            ["count"] = Indices.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["leaf"] = JsonArrayOf(Enumerable.Range(0, k).Select(j => j < Leaves.Count ? Leaves[j].ToString() : "0")),
            ["index"] = JsonArrayOf(Enumerable.Range(0, k).Select(j => j < Indices.Count ? Indices[j].ToString(System.Globalization.CultureInfo.InvariantCulture) : "0")),
            ["siblings"] = new JsonArray(Enumerable.Range(0, k)
                .Select(j => (JsonNode)JsonArrayOf(j < Siblings.Count ? Siblings[j].Select(s => s.ToString()) : zeros)).ToArray()),
        };
    }

    private static JsonArray JsonArrayOf(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}

/// <summary>A summary that cannot be proven against its document, with the reason.</summary>
/// <remarks>Raised before any proving work starts, so nothing is spent on a summary that cannot be proven.</remarks>
public sealed class GroundingException(string message) : Exception(message);
