using ZkSummarize.Summarization.Evaluation;

namespace ZkSummarize.Summarization.Learned.Training;

/// <summary>One fold of cross-validation by topic: trained without <paramref name="Topic"/>, measured on it.</summary>
public sealed record CrossTopicFold(string Topic, LearnedScorerModel Model, int Articles, double SentenceF1);

/// <summary>
/// Trains the learned scorer from a reference set (articles with extractive reference summaries),
/// and measures it honestly: cross-validation by topic, so every score is on a topic the weights
/// never saw.
/// </summary>
public static class ScorerTrainer
{
    public const string Objective = "mean sentence F1, as many sentences as the reference (coordinate ascent on integer weights)";

    /// <param name="dataName">Recorded in the weights file, such as the reference set's folder name.</param>
    /// <exception cref="ArgumentException">No articles.</exception>
    public static LearnedScorerModel Train(IReadOnlyList<ReferenceArticle> articles, string dataName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(articles);
        return Train(TrainingExample.FromArticles(articles, cancellationToken), articles, dataName, cancellationToken);
    }

    /// <summary>For each topic, trains on the others and scores the topic's articles.</summary>
    /// <exception cref="ArgumentException">Fewer than two topics.</exception>
    public static IReadOnlyList<CrossTopicFold> CrossValidate(IReadOnlyList<ReferenceArticle> articles, string dataName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var topics = articles.Select(a => a.Topic).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (topics.Length < 2)
        {
            throw new ArgumentException($"Cross-validation by topic needs at least two topics; the reference set has {topics.Length}.", nameof(articles));
        }
        var examples = TrainingExample.FromArticles(articles, cancellationToken);
        var folds = new List<CrossTopicFold>();
        foreach (var topic in topics)
        {
            var train = Enumerable.Range(0, articles.Count).Where(i => articles[i].Topic != topic).ToArray();
            var model = Train(train.Select(i => examples[i]).ToArray(), train.Select(i => articles[i]).ToArray(), dataName, cancellationToken);
            var test = examples.Where(e => e.Topic == topic).ToArray();
            folds.Add(new CrossTopicFold(topic, model, test.Length, CoordinateAscent.MeanF1(test, model.Weights.ToArray())));
        }
        return folds;
    }

    private static LearnedScorerModel Train(IReadOnlyList<TrainingExample> examples, IReadOnlyList<ReferenceArticle> articles, string dataName, CancellationToken cancellationToken)
    {
        var (weights, f1) = CoordinateAscent.Fit(examples, SentenceFeatures.Names.Count, cancellationToken);
        var topics = articles.Select(a => a.Topic).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new LearnedScorerModel(SentenceFeatures.Names, weights, new TrainingInfo(dataName, articles.Count, topics, Objective, Math.Round(f1, 4)));
    }
}
