using System.ComponentModel;
using Microsoft.SemanticKernel;
using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization;

/// <summary>The kernel function face of <see cref="ISummarizer"/>: <c>summarization.summarize</c>.</summary>
public sealed class SummarizationPlugin(ISummarizer summarizer)
{
    public const string PluginName = "summarization";

    [KernelFunction("summarize")]
    [Description("Picks the sentences that best summarise a document, in document order. The result is extractive, so it can be proven against the document.")]
    public async Task<SummaryResult> SummarizeAsync(
        [Description("The document text")] string text,
        [Description("How many sentences to pick (1 to 16)")] int sentences = 3,
        CancellationToken cancellationToken = default)
    {
        var summary = await summarizer.SummarizeAsync(Document.Parse(text), SummaryLength.Sentences(sentences), cancellationToken);
        return new SummaryResult(summary.Indices, summary.Sentences.Select(s => s.Text).ToArray(), summary.Method, summary.FallbackReason);
    }

    /// <summary>What the function returns (serialised as JSON by the kernel).</summary>
    public sealed record SummaryResult(IReadOnlyList<int> Indices, IReadOnlyList<string> Sentences, string Method, string? FallbackReason);
}
