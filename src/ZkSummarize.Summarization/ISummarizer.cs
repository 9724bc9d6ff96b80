using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization;

/// <summary>
/// Picks sentences of a document. Every summary is extractive (whole sentences of the document,
/// in document order, at strictly increasing indices) so that it can be proven against the
/// document's commitment.
/// </summary>
public interface ISummarizer
{
    /// <summary>A short name for receipts and logs, such as <c>textrank</c>.</summary>
    string Name { get; }

    /// <exception cref="ArgumentException">The length is out of range.</exception>
    Task<Summary> SummarizeAsync(Document document, SummaryLength length, CancellationToken cancellationToken = default);
}
