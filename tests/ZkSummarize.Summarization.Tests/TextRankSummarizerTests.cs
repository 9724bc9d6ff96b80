using ZkSummarize.Core;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Extractive;

namespace ZkSummarize.Summarization.Tests;

public sealed class TextRankSummarizerTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_input_always_gives_the_same_summary()
    {
        var first = await new TextRankSummarizer().SummarizeAsync(Samples.News, SummaryLength.Sentences(3), Ct);
        for (var i = 0; i < 5; i++)
        {
            var again = await new TextRankSummarizer().SummarizeAsync(Document.Parse(Samples.News.NormalizedText), SummaryLength.Sentences(3), Ct);
            Assert.Equal(first.Indices, again.Indices);
        }
    }

    [Fact]
    public async Task Picks_the_central_sentences_and_not_the_off_topic_ones()
    {
        var summary = await new TextRankSummarizer().SummarizeAsync(Samples.News, SummaryLength.Sentences(3), Ct);
        Assert.Equal("textrank", summary.Method);
        Assert.DoesNotContain(summary.Sentences, s => s.Text.Contains("bakery", StringComparison.Ordinal) || s.Text.Contains("weather", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task Returns_exactly_the_count_asked_for_in_document_order(int count)
    {
        var summary = await new TextRankSummarizer().SummarizeAsync(Samples.News, SummaryLength.Sentences(count), Ct);
        Assert.Equal(count, summary.Sentences.Count);
        Assert.True(summary.Indices.SequenceEqual(summary.Indices.Order()) && summary.Indices.Distinct().Count() == count);
        Assert.All(summary.Sentences, s => Assert.Same(Samples.News.Sentences[s.Index], s));
    }

    [Fact]
    public async Task A_count_above_the_document_length_gives_every_sentence()
    {
        var doc = Document.Parse("Only one sentence here");
        var summary = await new TextRankSummarizer().SummarizeAsync(doc, SummaryLength.Sentences(5), Ct);
        Assert.Equal([0], summary.Indices);
    }

    [Fact]
    public async Task A_character_budget_is_kept_and_at_least_one_sentence_is_returned()
    {
        var summary = await new TextRankSummarizer().SummarizeAsync(Samples.News, SummaryLength.Characters(160), Ct);
        Assert.InRange(summary.Text.Length, 1, 160);
        Assert.Null(SummaryRules.Validate(Samples.News, summary.Indices, SummaryLength.Characters(160)));

        var tiny = await new TextRankSummarizer().SummarizeAsync(Samples.News, SummaryLength.Characters(5), Ct);
        Assert.Single(tiny.Sentences);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(CommitmentLimits.MaxSummarySentences + 1)]
    public void Sentence_counts_outside_1_to_K_are_rejected(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SummaryLength.Sentences(count));
        Assert.Contains("1 to 16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarizes_text_in_scripts_without_spaces_and_mixed_scripts()
    {
        var japanese = Document.Parse("東京の電車は新しい路線を開きました。新しい路線は空港まで走ります。今日はいい天気です。電車の路線は空港の近くで便利です。");
        var summary = await new TextRankSummarizer().SummarizeAsync(japanese, SummaryLength.Sentences(2), Ct);
        Assert.DoesNotContain(2, summary.Indices); // the weather sentence shares no words with the rest

        var mixed = Document.Parse("Der Stadtrat beschloss den Haushalt. 市议会通过了预算。 The council passed the budget. Совет принял бюджет. Der Haushalt betrifft Busse und Bahnen.");
        var mixedSummary = await new TextRankSummarizer().SummarizeAsync(mixed, SummaryLength.Sentences(2), Ct);
        Assert.Equal(2, mixedSummary.Sentences.Count);
    }

    [Fact]
    public async Task A_document_at_the_tree_capacity_is_summarized()
    {
        var words = new[] { "budget", "tram", "bus", "council", "airport", "route", "cost", "city", "traffic", "vote" };
        var text = string.Join(' ', Enumerable.Range(0, CommitmentLimits.MaxDocumentSentences).Select(i => $"The {words[i % 10]} and the {words[i * 7 % 10]} item {i}."));
        var summary = await new TextRankSummarizer().SummarizeAsync(Document.Parse(text), SummaryLength.Sentences(CommitmentLimits.MaxSummarySentences), Ct);
        Assert.Equal(CommitmentLimits.MaxSummarySentences, summary.Sentences.Count);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TextRankSummarizer().SummarizeAsync(Samples.News, SummaryLength.Sentences(2), cts.Token));
    }
}
