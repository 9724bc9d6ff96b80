using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Hashing;

namespace ZkSummarize.Core.Commitments;

/// <summary>
/// The Poseidon Merkle tree over a document's leaves: depth <see cref="CommitmentLimits.TreeDepth"/>,
/// node = Poseidon(left, right), missing leaves are 0. Only the occupied part is stored; the empty
/// subtrees' hashes are computed once.
/// </summary>
public sealed class MerkleTree
{
    private static readonly Lazy<Fr[]> ZeroHashes = new(() =>
    {
        var zeros = new Fr[CommitmentLimits.TreeDepth + 1];
        for (var level = 1; level <= CommitmentLimits.TreeDepth; level++) zeros[level] = Poseidon.Hash(zeros[level - 1], zeros[level - 1]);
        return zeros;
    });

    private readonly List<Fr[]> _levels;

    /// <exception cref="ArgumentException">No leaves, or more than the tree holds.</exception>
    public MerkleTree(IReadOnlyList<Fr> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count is 0 or > CommitmentLimits.MaxDocumentSentences)
        {
            throw new ArgumentException($"A tree holds 1 to {CommitmentLimits.MaxDocumentSentences} leaves, not {leaves.Count}.", nameof(leaves));
        }
        _levels = [leaves.ToArray()];
        for (var level = 0; level < CommitmentLimits.TreeDepth; level++)
        {
            var below = _levels[level];
            var above = new Fr[(below.Length + 1) / 2];
            for (var i = 0; i < above.Length; i++)
            {
                var right = 2 * i + 1 < below.Length ? below[2 * i + 1] : ZeroHashes.Value[level];
                above[i] = Poseidon.Hash(below[2 * i], right);
            }
            _levels.Add(above);
        }
    }

    public Fr Root => _levels[^1][0];

    public int LeafCount => _levels[0].Length;

    public Fr Leaf(int index) => _levels[0][index];

    /// <summary>The sibling of each node on the way from leaf <paramref name="index"/> to the root, bottom first.</summary>
    public Fr[] Siblings(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, LeafCount);
        var siblings = new Fr[CommitmentLimits.TreeDepth];
        for (var level = 0; level < CommitmentLimits.TreeDepth; level++, index >>= 1)
        {
            var nodes = _levels[level];
            var sibling = index ^ 1;
            siblings[level] = sibling < nodes.Length ? nodes[sibling] : ZeroHashes.Value[level];
        }
        return siblings;
    }
}
