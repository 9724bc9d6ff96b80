using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Extractive;

namespace ZkSummarize.Summarization.Tests;

/// <summary>
/// TextRank's scores against PageRank worked out by hand. A star of k leaves, each sharing one term with the
/// centre and none with each other (so every edge has the same weight): S(leaf) = (1 - d) + d·S(centre)/k and
/// S(centre) = (1 - d) + d·k·S(leaf), so S(centre) = ((1 - d) + d(1 - d)k) / (1 - d²). A sentence that shares
/// nothing scores 1 - d.
/// </summary>
public sealed class TextRankSummarizerTests
{
    private const double D = 0.85;

    // Content terms (stop words removed): the centre tram, crosses, river, bridge, park; each leaf one of the
    // centre's and one of its own; the last sentence none of anyone's.
    private static readonly Document Star = Document.Parse(
        "The tram crosses the river, the bridge and the park. The river rose. The bridge shook. The park closed. Quiet evenings pass.");

    [Fact]
    public void Scores_are_the_pagerank_of_the_sentence_graph()
    {
        var scores = new TextRankSummarizer().Score(Star);
        var centre = ((1 - D) + D * (1 - D) * 3) / (1 - D * D);
        var leaf = (1 - D) + D * centre / 3;
        Assert.Equal(1.9189189189, centre, 9);
        double[] expected = [centre, leaf, leaf, leaf, 1 - D];
        Assert.Equal(expected.Length, scores.Length);
        for (var i = 0; i < scores.Length; i++) Assert.Equal(expected[i], scores[i], 8); // power iteration stops at a change below 1e-10
        Assert.Equal(4.0, scores.Take(4).Sum(), 8); // PageRank keeps the mass of a connected graph: one per sentence
    }

    [Fact]
    public async Task The_summary_takes_the_best_scores_and_ties_go_to_the_earlier_sentence()
    {
        var summarizer = new TextRankSummarizer();
        Assert.Equal([0], (await summarizer.SummarizeAsync(Star, SummaryLength.Sentences(1), TestContext.Current.CancellationToken)).Indices);
        Assert.Equal([0, 1, 2], (await summarizer.SummarizeAsync(Star, SummaryLength.Sentences(3), TestContext.Current.CancellationToken)).Indices);
        Assert.Equal([0, 1, 2, 3, 4], summarizer.Rank(Star));
    }

    [Fact]
    public void A_stronger_link_scores_higher_and_damping_is_an_option()
    {
        // Sentence 1 shares two terms with sentence 0, sentence 2 only one: sentence 1 gets more of 0's score.
        var document = Document.Parse("The tram crosses the river. The tram crosses town. The tram stops.");
        var scores = new TextRankSummarizer().Score(document);
        Assert.True(scores[1] > scores[2], string.Join(", ", scores));

        // With no damping left, every sentence scores the prior (1 - d = 1) whatever the graph.
        var undamped = new TextRankSummarizer(Microsoft.Extensions.Options.Options.Create(new TextRankOptions { Damping = 0 })).Score(document);
        Assert.All(undamped, s => Assert.Equal(1.0, s, 12));
    }
}
