using System.Text;

namespace ZkSummarize.Core.Documents;

/// <summary>One sentence of a <see cref="Document"/>: its position (the Merkle leaf index) and exact text.</summary>
public sealed record Sentence(int Index, string Text)
{
    /// <summary>The exact bytes the leaf hash is computed over.</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(Text);
}
