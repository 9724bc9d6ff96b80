using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization;
using ZkSummarize.Summarization.Evaluation;
using ZkSummarize.Summarization.Extractive;
using ZkSummarize.Summarization.Learned;

namespace ZkSummarize.Benchmarks;

/// <summary>
/// The embedded summarizers, the learned default and TextRank before it, on a typical news article and
/// on a 100 KB document (the BBC articles back to back), parsing included. Needs the shared BBC set
/// (ZKS_SHARED_DATA or ../shared/data).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0)]
public class SummarizerBenchmarks
{
    private readonly LearnedSummarizer _learned = new();
    private readonly TextRankSummarizer _textRank = new();
    private string _article = "";
    private string _hundredKb = "";

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(Environment.GetEnvironmentVariable("ZKS_SHARED_DATA") ?? Path.Combine(Testing.RepoPaths.Root, "..", "shared", "data"), "bbc-news-summary");
        var articles = ReferenceSet.Load(dir);
        _article = articles[0].Body;
        var all = new StringBuilder();
        foreach (var article in articles.Cycle())
        {
            if (all.Length + article.Body.Length > 100_000) break;
            all.Append(article.Body).Append("\n\n");
        }
        _hundredKb = all.ToString();
    }

    [Benchmark(Baseline = true, Description = "learned: news article (2.5 KB), 5 sentences")]
    public Task<Summary> LearnedArticle() => _learned.SummarizeAsync(Document.Parse(_article), SummaryLength.Sentences(5));

    [Benchmark(Description = "learned: 100 KB document, 16 sentences")]
    public Task<Summary> LearnedHundredKilobytes() => _learned.SummarizeAsync(Document.Parse(_hundredKb), SummaryLength.Sentences(16));

    [Benchmark(Description = "textrank: news article (2.5 KB), 5 sentences")]
    public Task<Summary> TextRankArticle() => _textRank.SummarizeAsync(Document.Parse(_article), SummaryLength.Sentences(5));

    [Benchmark(Description = "textrank: 100 KB document, 16 sentences")]
    public Task<Summary> TextRankHundredKilobytes() => _textRank.SummarizeAsync(Document.Parse(_hundredKb), SummaryLength.Sentences(16));

    [Benchmark(Description = "parsing alone: 100 KB document")]
    public Document ParseHundredKilobytes() => Document.Parse(_hundredKb);
}

internal static class EnumerableExtensions
{
    public static IEnumerable<T> Cycle<T>(this IReadOnlyList<T> items)
    {
        for (var i = 0; ; i++) yield return items[i % items.Count];
    }
}
