namespace ZkSummarize.Core;

/// <summary>
/// The sizes fixed by the grounding circuit. A document is a Merkle tree of
/// <see cref="MaxDocumentSentences"/> leaves, and a summary holds 1 to
/// <see cref="MaxSummarySentences"/> of them. See docs/commitments.md.
/// </summary>
public static class CommitmentLimits
{
    /// <summary>Depth of the Poseidon Merkle tree over the sentences.</summary>
    public const int TreeDepth = 12;

    /// <summary>Leaves of the tree: the most sentences a provable document may have (4,096).</summary>
    public const int MaxDocumentSentences = 1 << TreeDepth;

    /// <summary>The most sentences one proof can cover. The longest human summary in our reference set has 15.</summary>
    public const int MaxSummarySentences = 16;
}
