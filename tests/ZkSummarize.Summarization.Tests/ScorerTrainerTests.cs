using ZkSummarize.Summarization.Evaluation;
using ZkSummarize.Summarization.Learned;
using ZkSummarize.Summarization.Learned.Training;
using ZkSummarize.Testing;

namespace ZkSummarize.Summarization.Tests;

public sealed class ScorerTrainerTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static IReadOnlyList<ReferenceArticle> Synthetic()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"zks-refset-{Guid.NewGuid():N}");
        try
        {
            return ReferenceSet.Load(SyntheticReferenceSet.Write(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Training_twice_gives_the_same_weights_and_learns_the_references()
    {
        var articles = Synthetic();
        var first = ScorerTrainer.Train(articles, "synthetic", Ct);
        var second = ScorerTrainer.Train(articles, "synthetic", Ct);
        Assert.Equal(first.ToJson(), second.ToJson());
        Assert.Equal(1.0, first.Training!.SentenceF1); // the subject sentences are the central ones
        Assert.Equal(SyntheticReferenceSet.Topics, first.Training.Topics);
    }

    [Fact]
    public void Cross_validation_trains_without_the_held_out_topic()
    {
        var folds = ScorerTrainer.CrossValidate(Synthetic(), "synthetic", Ct);
        Assert.Equal(SyntheticReferenceSet.Topics, folds.Select(f => f.Topic));
        Assert.All(folds, f =>
        {
            Assert.DoesNotContain(f.Topic, f.Model.Training!.Topics);
            Assert.Equal(SyntheticReferenceSet.ArticlesPerTopic, f.Articles);
        });
    }

    [Fact]
    public void Cross_validation_needs_two_topics_and_training_needs_articles()
    {
        var oneTopic = Synthetic().Where(a => a.Topic == SyntheticReferenceSet.Topics[0]).ToArray();
        Assert.Contains("at least two topics", Assert.Throws<ArgumentException>(() => ScorerTrainer.CrossValidate(oneTopic, "x", Ct)).Message, StringComparison.Ordinal);
        Assert.Contains("nothing to train on", Assert.Throws<ArgumentException>(() => ScorerTrainer.Train([], "x", Ct)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_article_that_is_not_a_document_is_named()
    {
        var broken = new ReferenceArticle("civic/009", "civic", "Title", " ", ["Nothing."]);
        var e = Assert.Throws<InvalidDataException>(() => ScorerTrainer.Train([.. Synthetic(), broken], "x", Ct));
        Assert.Contains("civic/009", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The weights the product ships are exactly what the documented command makes from the shared pairs.</summary>
    [Fact]
    public void The_shipped_weights_reproduce_from_the_shared_pairs()
    {
        var data = RepoPaths.RequireBbcFullData();
        var trained = ScorerTrainer.Train(ReferenceSet.Load(data), Path.GetFileName(data), Ct);
        Assert.Equal(LearnedScorerModel.Shipped.ToJson(), trained.ToJson());
    }

    /// <summary>
    /// A quality floor on topics the weights never saw (each topic scored by weights trained on the other two),
    /// set below the measured 0.872–0.890 per topic (docs/benchmarks.md) so that only a real regression trips it.
    /// </summary>
    [Fact]
    public void Cross_topic_sentence_f1_stays_above_the_floor()
    {
        var folds = ScorerTrainer.CrossValidate(ReferenceSet.Load(RepoPaths.RequireBbcFullData()), "bbc-news-summary-full", Ct);
        Assert.All(folds, f => Assert.True(f.SentenceF1 >= 0.85, $"{f.Topic}: sentence F1 {f.SentenceF1:0.000} on a held-out topic, below the floor of 0.85"));
        Assert.True(folds.Sum(f => f.SentenceF1 * f.Articles) / folds.Sum(f => f.Articles) >= 0.86);
    }
}
