using ZkSummarize.Core;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Extractive;
using ZkSummarize.Summarization.Learned;

namespace ZkSummarize.Summarization.Tests;

/// <summary>What every embedded summarizer promises: the learned default and TextRank alike.</summary>
public sealed class SummarizerContractTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    public static TheoryData<string> Embedded => ["learned", "textrank"];

    private static ISummarizer Create(string name) => name switch
    {
        "learned" => new LearnedSummarizer(),
        "textrank" => new TextRankSummarizer(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an embedded summarizer"),
    };

    [Theory]
    [MemberData(nameof(Embedded))]
    public async Task The_same_input_always_gives_the_same_summary(string name)
    {
        var first = await Create(name).SummarizeAsync(Samples.News, SummaryLength.Sentences(3), Ct);
        for (var i = 0; i < 5; i++)
        {
            var again = await Create(name).SummarizeAsync(Document.Parse(Samples.News.NormalizedText), SummaryLength.Sentences(3), Ct);
            Assert.Equal(first.Indices, again.Indices);
        }
    }

    [Theory]
    [MemberData(nameof(Embedded))]
    public async Task Picks_the_central_sentences_and_not_the_off_topic_ones(string name)
    {
        var summary = await Create(name).SummarizeAsync(Samples.News, SummaryLength.Sentences(3), Ct);
        Assert.Equal(name, summary.Method);
        Assert.DoesNotContain(summary.Sentences, s => s.Text.Contains("bakery", StringComparison.Ordinal) || s.Text.Contains("weather", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("learned", 1)]
    [InlineData("learned", 4)]
    [InlineData("learned", 8)]
    [InlineData("textrank", 1)]
    [InlineData("textrank", 4)]
    [InlineData("textrank", 8)]
    public async Task Returns_exactly_the_count_asked_for_in_document_order(string name, int count)
    {
        var summary = await Create(name).SummarizeAsync(Samples.News, SummaryLength.Sentences(count), Ct);
        Assert.Equal(count, summary.Sentences.Count);
        Assert.Null(SummaryRules.Validate(Samples.News, summary.Indices, SummaryLength.Sentences(count))); // strictly increasing, existing
        Assert.All(summary.Sentences, s => Assert.Same(Samples.News.Sentences[s.Index], s));
    }

    [Theory]
    [MemberData(nameof(Embedded))]
    public async Task A_count_above_the_document_length_gives_every_sentence(string name)
    {
        var summary = await Create(name).SummarizeAsync(Document.Parse("Only one sentence here"), SummaryLength.Sentences(5), Ct);
        Assert.Equal([0], summary.Indices);
    }

    [Theory]
    [MemberData(nameof(Embedded))]
    public async Task A_character_budget_is_kept_and_at_least_one_sentence_is_returned(string name)
    {
        var summary = await Create(name).SummarizeAsync(Samples.News, SummaryLength.Characters(160), Ct);
        Assert.InRange(summary.Text.Length, 1, 160);
        Assert.Null(SummaryRules.Validate(Samples.News, summary.Indices, SummaryLength.Characters(160)));

        var tiny = await Create(name).SummarizeAsync(Samples.News, SummaryLength.Characters(5), Ct);
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

    [Theory]
    [MemberData(nameof(Embedded))]
    public async Task Summarizes_text_in_scripts_without_spaces_and_mixed_scripts(string name)
    {
        var japanese = Document.Parse("東京の電車は新しい路線を開きました。新しい路線は空港まで走ります。今日はいい天気です。電車の路線は空港の近くで便利です。");
        var summary = await Create(name).SummarizeAsync(japanese, SummaryLength.Sentences(2), Ct);
        Assert.DoesNotContain(2, summary.Indices); // the weather sentence shares no words with the rest

        var mixed = Document.Parse("Der Stadtrat beschloss den Haushalt. 市议会通过了预算。 The council passed the budget. Совет принял бюджет. Der Haushalt betrifft Busse und Bahnen.");
        var mixedSummary = await Create(name).SummarizeAsync(mixed, SummaryLength.Sentences(2), Ct);
        Assert.Equal(2, mixedSummary.Sentences.Count);
        Assert.Contains(0, mixedSummary.Indices); // of the two sentences that share a word (Haushalt), the first is always picked
    }

    [Theory]
    [MemberData(nameof(Embedded))]
    public async Task A_document_at_the_tree_capacity_is_summarized(string name)
    {
        var words = new[] { "budget", "tram", "bus", "council", "airport", "route", "cost", "city", "traffic", "vote" };
        var text = string.Join(' ', Enumerable.Range(0, CommitmentLimits.MaxDocumentSentences).Select(i => $"The {words[i % 10]} and the {words[i * 7 % 10]} item {i}."));
        var document = Document.Parse(text);
        Assert.Equal(CommitmentLimits.MaxDocumentSentences, document.Sentences.Count);
        var summary = await Create(name).SummarizeAsync(document, SummaryLength.Sentences(CommitmentLimits.MaxSummarySentences), Ct);
        // The best-ranked sentences of the whole document, not of a prefix of it.
        var ranked = name == "learned" ? new LearnedSummarizer().Rank(document) : new TextRankSummarizer().Rank(document);
        Assert.Equal(CommitmentLimits.MaxDocumentSentences, ranked.Count);
        Assert.Equal(ranked.Take(CommitmentLimits.MaxSummarySentences).Order(), summary.Indices);
    }

    [Theory]
    [MemberData(nameof(Embedded))]
    public async Task Cancellation_is_honoured(string name)
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Create(name).SummarizeAsync(Samples.News, SummaryLength.Sentences(2), cts.Token));
    }
}
