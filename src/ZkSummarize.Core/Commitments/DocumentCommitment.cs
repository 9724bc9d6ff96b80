using ZkSummarize.Core.Documents;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Core.Commitments;

/// <summary>A document's commitment: one leaf per sentence and the Merkle root over them (docRoot).</summary>
public sealed class DocumentCommitment
{
    private DocumentCommitment(Document document, MerkleTree tree)
    {
        Document = document;
        Tree = tree;
    }

    public Document Document { get; }

    public MerkleTree Tree { get; }

    public Fr DocRoot => Tree.Root;

    public static DocumentCommitment Create(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var leaves = document.Sentences.Select(s => FieldEncoding.Leaf(s.ToUtf8())).ToArray();
        return new DocumentCommitment(document, new MerkleTree(leaves));
    }

    /// <summary>summaryHash of the sentences at these indices (<see cref="SummaryHashing"/>).</summary>
    /// <exception cref="ArgumentException">The indices break the summary rules (1..16, strictly increasing, in the document).</exception>
    public Fr SummaryHash(Fr requestId, IReadOnlyList<int> sentenceIndices) => SummaryHashing.Of(requestId, SummaryLeaves(sentenceIndices));

    /// <summary>The leaves of the summary sentences, in order, after checking the summary rules.</summary>
    /// <exception cref="ArgumentException">The indices break the summary rules (1..16, strictly increasing, in the document).</exception>
    public IReadOnlyList<Fr> SummaryLeaves(IReadOnlyList<int> sentenceIndices)
    {
        ArgumentNullException.ThrowIfNull(sentenceIndices);
        if (sentenceIndices.Count is 0 or > CommitmentLimits.MaxSummarySentences)
        {
            throw new ArgumentException($"A summary has 1 to {CommitmentLimits.MaxSummarySentences} sentences, not {sentenceIndices.Count}.", nameof(sentenceIndices));
        }
        for (var i = 0; i < sentenceIndices.Count; i++)
        {
            var index = sentenceIndices[i];
            if (index < 0 || index >= Tree.LeafCount || (i > 0 && index <= sentenceIndices[i - 1]))
            {
                throw new ArgumentException($"Summary sentence indices must be strictly increasing and within 0..{Tree.LeafCount - 1}; {index} at position {i} is not.", nameof(sentenceIndices));
            }
        }
        return sentenceIndices.Select(Tree.Leaf).ToArray();
    }
}
