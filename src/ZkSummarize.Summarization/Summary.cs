using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization;

/// <summary>The chosen sentences, in document order, and which summarizer chose them.</summary>
public sealed record Summary(IReadOnlyList<Sentence> Sentences, string Method)
{
    /// <summary>Why the configured summarizer was not used, when a fallback produced this summary.</summary>
    public string? FallbackReason { get; init; }

    public IReadOnlyList<int> Indices => Sentences.Select(s => s.Index).ToArray();

    public string Text => string.Join(' ', Sentences.Select(s => s.Text));
}
