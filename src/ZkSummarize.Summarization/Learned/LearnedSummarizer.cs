using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization.Learned;

/// <summary>
/// The embedded default: every sentence gets the integer score Σ weight · feature
/// (<see cref="SentenceFeatures"/>, <see cref="LearnedScorerModel"/>), the top N are returned in
/// document order, and equal scores go to the earlier sentence. The weights were learned on human
/// reference summaries; inference is integer arithmetic only, so every machine picks the same
/// sentences, and the rule is simple enough to be proven inside the circuit later.
/// </summary>
public sealed class LearnedSummarizer(LearnedScorerModel? model = null) : ISummarizer
{
    private readonly LearnedScorerModel _model = model ?? LearnedScorerModel.Shipped;

    public string Name => "learned";

    public Task<Summary> SummarizeAsync(Document document, SummaryLength length, CancellationToken cancellationToken = default) =>
        SummaryRules.Summarize(document, length, Rank, Name, cancellationToken);

    /// <summary>Sentence indices, best first; equal scores keep document order.</summary>
    public IReadOnlyList<int> Rank(Document document) => SummaryRules.RankByScore(Score(document));

    /// <summary>The score of every sentence.</summary>
    public long[] Score(Document document) => SentenceFeatures.Compute(document).Select(_model.Score).ToArray();
}
