using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Extractive;
using ZkSummarize.Summarization.Learned;

namespace ZkSummarize.Summarization.Tests;

/// <summary>What is particular to the learned scorer; the promises every summarizer keeps are in <see cref="SummarizerContractTests"/>.</summary>
public sealed class LearnedSummarizerTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// <summary>
    /// The selection is integer arithmetic, so these exact values hold on every machine and runtime.
    /// If they change, summaries (and the receipts built on them) change: that must be deliberate.
    /// </summary>
    [Fact]
    public void Scores_are_the_same_integers_everywhere()
    {
        var model = new LearnedScorerModel(SentenceFeatures.Names, [3, 2]);
        Assert.Equal(PinnedScores, new LearnedSummarizer(model).Score(Samples.News));
    }

    private static readonly long[] PinnedScores = [429620, 510165, 369805, 394770, 331850, 62415, 62415, 460380];

    [Fact]
    public async Task Equal_scores_go_to_the_earlier_sentence()
    {
        var doc = Document.Parse("The tram runs late. The tram runs late! The tram runs late? The tram runs late.");
        Assert.Single(new LearnedSummarizer().Score(doc).Distinct());
        Assert.Equal([0, 1], (await new LearnedSummarizer().SummarizeAsync(doc, SummaryLength.Sentences(2), Ct)).Indices);
    }

    [Fact]
    public async Task A_document_without_words_to_compare_keeps_document_order()
    {
        var figures = Document.Parse("2004: 17%. 2005: 21%. 2006: 9%.");
        Assert.Equal([0, 1], (await new LearnedSummarizer().SummarizeAsync(figures, SummaryLength.Sentences(2), Ct)).Indices);
    }

    [Fact]
    public async Task Other_languages_compare_their_longer_words()
    {
        var german = Document.Parse("Der Stadtrat beschloss den Haushalt für Busse und Bahnen. Das Wetter war mild. Der Haushalt für Busse und Bahnen kostet viel. Eine Bäckerei gewann einen Preis.");
        Assert.Equal([0, 2], (await new LearnedSummarizer().SummarizeAsync(german, SummaryLength.Sentences(2), Ct)).Indices);
    }

    [Fact]
    public void Hyphenated_compounds_stay_one_word_only_when_asked()
    {
        Assert.Equal(["a", "super-casino", "in", "glasgow's", "co-op"], TermExtractor.Extract("A super-casino in Glasgow’s co-op -", joinHyphenated: true));
        Assert.Equal(["a", "super", "casino", "in", "glasgow's", "co", "op"], TermExtractor.Extract("A super-casino in Glasgow’s co-op -"));
    }

    [Theory]
    [InlineData("profits", "profit")]
    [InlineData("companies", "company")]
    [InlineData("business", "business")]
    [InlineData("glasgow's", "glasgow's")]
    [InlineData("bus", "bus")]
    [InlineData("ties", "tie")]
    public void English_plurals_are_folded(string word, string folded) => Assert.Equal(folded, CentralityWords.FoldPlural(word));
}
