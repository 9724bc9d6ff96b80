using Spectre.Console;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization;
using ZkSummarize.Summarization.Evaluation;
using ZkSummarize.Summarization.Learned;
using ZkSummarize.Summarization.Learned.Training;

namespace ZkSummarize.Cli.Evaluation;

/// <summary>How `zks eval-summaries` runs our own summarizers: which learned weights answer for which article, and at what length.</summary>
internal static class OurSummarizers
{
    /// <summary>Which learned summarizer answers for an article: the shipped weights, a weights file, or the fold that did not train on its topic.</summary>
    public static async Task<Func<ReferenceArticle, ISummarizer>> LearnedAsync(
        IReadOnlyList<ReferenceArticle> articles, string dataName, bool crossTopic, FileInfo? weights, CancellationToken ct)
    {
        if (crossTopic)
        {
            if (weights is not null) throw new ArgumentException("--cross-topic trains its own weights per topic; leave out --weights.");
            var folds = ScorerTrainer.CrossValidate(articles, dataName, ct);
            foreach (var fold in folds)
            {
                AnsiConsole.MarkupLineInterpolated($"Cross-topic: {fold.Topic} is summarised by weights trained on {string.Join(" and ", fold.Model.Training!.Topics)} ({string.Join(", ", fold.Model.Weights)}).");
            }
            var byTopic = folds.ToDictionary(f => f.Topic, f => new LearnedSummarizer(f.Model));
            return article => byTopic[article.Topic];
        }
        var model = weights is null ? LearnedScorerModel.Shipped : await LearnedScorerModel.LoadAsync(weights.FullName, ct);
        AnsiConsole.MarkupLineInterpolated($"Learned scorer: {(weights is null ? "the shipped weights" : weights.FullName)} ({string.Join(", ", model.Weights)}), trained on {model.Training?.Data ?? "unknown data"} ({string.Join(", ", model.Training?.Topics ?? [])}); articles of those topics are not held out.");
        var shipped = new LearnedSummarizer(model);
        return _ => shipped;
    }

    /// <summary>Our outputs for every article, at the reference's length (at most what one proof covers).</summary>
    public static async Task<Dictionary<string, SystemOutput>> SummarizeAsync(
        IReadOnlyList<ReferenceArticle> articles, IReadOnlyDictionary<string, Document> documents, Func<ReferenceArticle, ISummarizer> summarizerFor, CancellationToken ct)
    {
        var outputs = new Dictionary<string, SystemOutput>();
        foreach (var article in articles)
        {
            var length = SummaryLength.Sentences(Math.Min(article.ReferenceSentences.Count, Core.CommitmentLimits.MaxSummarySentences));
            var summary = await summarizerFor(article).SummarizeAsync(documents[article.Id], length, ct);
            outputs[article.Id] = FromSentences(summary.Sentences.Select(s => s.Text));
        }
        return outputs;
    }

    /// <summary>Sentences that are both the output text and the matched sentences (our systems return sentences, not text).</summary>
    public static SystemOutput FromSentences(IEnumerable<string> sentences)
    {
        var list = sentences.ToArray();
        return new SystemOutput(list, list);
    }
}
