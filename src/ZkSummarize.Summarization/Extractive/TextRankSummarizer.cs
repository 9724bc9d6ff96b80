using Microsoft.Extensions.Options;
using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization.Extractive;

/// <summary>
/// The embedded default: TextRank (Mihalcea and Tarau, 2004) over sentences. Two sentences are linked
/// by the content words they share, normalised by their lengths, |Si ∩ Sj| / (log(|Si|+1) + log(|Sj|+1));
/// PageRank over that graph ranks them, and the best ones are returned in document order.
/// Deterministic (fixed iteration order, ties broken by position), in-process, no model and no network.
/// </summary>
public sealed class TextRankSummarizer : ISummarizer
{
    private readonly TextRankOptions _options;

    public TextRankSummarizer(IOptions<TextRankOptions>? options = null) => _options = options?.Value ?? new TextRankOptions();

    public string Name => "textrank";

    public Task<Summary> SummarizeAsync(Document document, SummaryLength length, CancellationToken cancellationToken = default) =>
        SummaryRules.Summarize(document, length, Rank, Name, cancellationToken);

    /// <summary>Sentence indices, best first; equal scores keep document order.</summary>
    public IReadOnlyList<int> Rank(Document document) => SummaryRules.RankByScore(Score(document));

    /// <summary>The TextRank score of every sentence.</summary>
    public double[] Score(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var graph = SentenceGraph.Build(ContentTerms(document));
        return graph.PageRank(_options.Damping, _options.MaxIterations, _options.Tolerance);
    }

    private List<string>[] ContentTerms(Document document)
    {
        var terms = document.Sentences.Select(s => TermExtractor.Extract(s.Text)).ToArray();
        var words = terms.Sum(t => t.Count);
        var stopWords = terms.Sum(t => t.Count(EnglishStopWords.Words.Contains));
        var english = words > 0 && stopWords >= _options.EnglishStopWordShare * words;
        return terms.Select(t => t.Where(term => !EnglishStopWords.Words.Contains(term)
            && (english || TermExtractor.IsUnspacedTerm(term) || term.Length >= _options.MinimumTermLength)).ToList()).ToArray();
    }
}
