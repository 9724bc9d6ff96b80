using System.Runtime.ExceptionServices;
using ZkSummarize.Core;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Evaluation;

namespace ZkSummarize.Summarization.Learned.Training;

/// <summary>One reference article as the trainer sees it: feature rows, which sentences the reference chose, and how many.</summary>
internal sealed record TrainingExample(string Topic, long[][] Rows, bool[] Chosen, int ReferenceCount)
{
    /// <summary>The summary length evaluation asks for: the reference's count, within what one proof and the document allow.</summary>
    public int Take => Math.Min(Math.Min(ReferenceCount, CommitmentLimits.MaxSummarySentences), Rows.Length);

    /// <summary>Features of every article, computed in parallel; the order of the list is kept.</summary>
    /// <exception cref="InvalidDataException">An article is not a document we can summarise.</exception>
    public static TrainingExample[] FromArticles(IReadOnlyList<ReferenceArticle> articles, CancellationToken cancellationToken)
    {
        var examples = new TrainingExample[articles.Count];
        try
        {
            Parallel.For(0, articles.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => examples[i] = FromArticle(articles[i]));
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); // the caller wants the article's problem, not the loop's wrapper
        }
        return examples;
    }

    private static TrainingExample FromArticle(ReferenceArticle article)
    {
        Document document;
        try
        {
            document = Document.Parse(article.Body);
        }
        catch (DocumentException e)
        {
            throw new InvalidDataException($"Article {article.Id} cannot be used: {e.Message}", e);
        }
        var reference = article.ReferenceSentences.ToHashSet(StringComparer.Ordinal);
        return new TrainingExample(
            article.Topic,
            SentenceFeatures.Compute(document),
            document.Sentences.Select(s => reference.Contains(s.Text)).ToArray(),
            article.ReferenceSentences.Count);
    }
}
