using System.Numerics;
using System.Text;
using System.Text.Json;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Core.Tests;

/// <summary>
/// The commitment scheme against vectors computed from docs/commitments.md by an independent
/// implementation (node:crypto SHA-256 and circomlibjs Poseidon; tests/js/crypto/make-vectors.mjs).
/// </summary>
public sealed class CommitmentTests
{
    public sealed record Vector(string[] Sentences, int[] Pick, string[] Leaves, string DocRoot, string RequestId, string SummaryHash);

    private static readonly Vector[] Vectors = JsonSerializer.Deserialize<Vector[]>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "commitments.json")), JsonSerializerOptions.Web)!;

    public static TheoryData<int> VectorIndices() => new(Enumerable.Range(0, Vectors.Length));

    private static Fr Parse(string value) => Fr.FromBigInteger(BigInteger.Parse(value));

    [Theory]
    [MemberData(nameof(VectorIndices))]
    public void Leaves_root_and_summary_hash_match_the_independent_implementation(int n)
    {
        var v = Vectors[n];
        var leaves = v.Sentences.Select(s => FieldEncoding.Leaf(Encoding.UTF8.GetBytes(s))).ToArray();
        Assert.Equal(v.Leaves, leaves.Select(l => l.ToString()));
        var tree = new MerkleTree(leaves);
        Assert.Equal(v.DocRoot, tree.Root.ToString());
        Assert.Equal(v.SummaryHash, SummaryHashing.Of(Parse(v.RequestId), v.Pick.Select(i => tree.Leaf(i)).ToArray()).ToString());

        // The same document given as text: normalisation and segmentation find the same sentences.
        var text = string.Join(' ', v.Sentences);
        var commitment = DocumentCommitment.Create(Document.Parse(text));
        Assert.Equal(v.Sentences.Length, commitment.Tree.LeafCount);
        if (TextNormalizer.Normalize(text) == text)
        {
            Assert.Equal(v.DocRoot, commitment.DocRoot.ToString());
            Assert.Equal(v.SummaryHash, commitment.SummaryHash(Parse(v.RequestId), v.Pick).ToString());
        }
        else
        {
            // Raw whitespace (a tab) is normalised away before hashing: the text commits to other leaves than the raw bytes.
            Assert.NotEqual(v.DocRoot, commitment.DocRoot.ToString());
        }
    }

    [Fact]
    public void Merkle_paths_lead_from_every_leaf_to_the_root()
    {
        var commitment = DocumentCommitment.Create(Document.Parse(string.Join(' ', Enumerable.Range(0, 37).Select(i => $"Line {i} here."))));
        foreach (var index in new[] { 0, 1, 17, 35, 36 })
        {
            var node = commitment.Tree.Leaf(index);
            var position = index;
            foreach (var sibling in commitment.Tree.Siblings(index))
            {
                node = position % 2 == 0 ? Crypto.Hashing.Poseidon.Hash(node, sibling) : Crypto.Hashing.Poseidon.Hash(sibling, node);
                position /= 2;
            }
            Assert.Equal(commitment.DocRoot, node);
        }
    }

    [Fact]
    public void Any_change_to_a_sentence_or_the_summary_changes_the_commitment()
    {
        var a = DocumentCommitment.Create(Document.Parse("One fact. Two facts. Three facts."));
        var b = DocumentCommitment.Create(Document.Parse("One fact. Two facts! Three facts."));
        Assert.NotEqual(a.DocRoot, b.DocRoot);
        var id = FieldEncoding.RequestId(FieldEncoding.NewRequestId());
        Assert.NotEqual(a.SummaryHash(id, [0, 2]), a.SummaryHash(id, [0, 1]));
        Assert.NotEqual(a.SummaryHash(id, [0, 2]), a.SummaryHash(Fr.One + id, [0, 2]));
        Assert.NotEqual(a.SummaryHash(id, [0]), a.SummaryHash(id, [0, 1]));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 2, 1 })]
    [InlineData(new[] { 1, 1 })]
    [InlineData(new[] { 0, 3 })]
    [InlineData(new[] { -1 })]
    public void Summaries_that_break_the_rules_are_rejected(int[] indices)
    {
        var commitment = DocumentCommitment.Create(Document.Parse("One fact. Two facts. Three facts."));
        Assert.Throws<ArgumentException>(() => commitment.SummaryHash(Fr.One, indices));
    }

    [Fact]
    public void Request_ids_and_worker_keys_become_field_elements_below_the_modulus()
    {
        var id = FieldEncoding.NewRequestId();
        Assert.Equal(new BigInteger(id, isUnsigned: true, isBigEndian: true), FieldEncoding.RequestId(id).ToBigInteger());
        var bad = (byte[])id.Clone();
        bad[0] |= 0x80;
        Assert.Throws<ArgumentException>(() => FieldEncoding.RequestId(bad));
        var worker = FieldEncoding.WorkerField(Enumerable.Repeat((byte)0xFF, 32).ToArray());
        Assert.Equal((BigInteger.One << 253) - 1, worker.ToBigInteger());
        Assert.Throws<ArgumentException>(() => FieldEncoding.WorkerField(new byte[31]));
    }

    /// <summary>Each refusal says what was wrong: a caller (the node, zks) shows these messages as they are.</summary>
    [Fact]
    public void Refusals_say_what_was_wrong()
    {
        var commitment = DocumentCommitment.Create(Document.Parse("One fact. Two facts. Three facts. Four facts."));
        Assert.Equal("A summary has 1 to 16 sentences, not 0. (Parameter 'sentenceIndices')", Assert.Throws<ArgumentException>(() => commitment.SummaryLeaves([])).Message);
        Assert.Equal("Summary sentence indices must be strictly increasing and within 0..3; 4 at position 1 is not. (Parameter 'sentenceIndices')",
            Assert.Throws<ArgumentException>(() => commitment.SummaryLeaves([0, 4])).Message);
        Assert.Equal("A Solana public key is 32 bytes. (Parameter 'publicKey')", Assert.Throws<ArgumentException>(() => FieldEncoding.WorkerField(new byte[31])).Message);

        // 0x20 is the lowest first byte with a top bit set; the value is still below the modulus, so only the rule refuses it.
        var topBit = new byte[32];
        topBit[0] = 0x20;
        Assert.StartsWith("A request id is 32 bytes whose first byte is below 0x20", Assert.Throws<ArgumentException>("requestId", () => FieldEncoding.RequestId(topBit)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("requestId", () => FieldEncoding.RequestId(new byte[31]));
        topBit[0] = 0x1F;
        Assert.Equal(new BigInteger(topBit, isUnsigned: true, isBigEndian: true), FieldEncoding.RequestId(topBit).ToBigInteger());

        Assert.Equal("A tree holds 1 to 4096 leaves, not 0. (Parameter 'leaves')", Assert.Throws<ArgumentException>(() => new MerkleTree([])).Message);
        Assert.Equal("A tree holds 1 to 4096 leaves, not 4097. (Parameter 'leaves')", Assert.Throws<ArgumentException>(() => new MerkleTree(new Fr[4097])).Message);
    }
}
