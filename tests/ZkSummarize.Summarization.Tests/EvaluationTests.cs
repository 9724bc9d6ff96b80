using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Evaluation;

namespace ZkSummarize.Summarization.Tests;

public sealed class EvaluationTests
{
    [Fact]
    public void Rouge_matches_hand_computed_values()
    {
        Assert.Equal(1.0, Rouge.N("The cat sat.", "the cat sat", 1), 9);
        Assert.Equal(0.0, Rouge.N("dogs bark", "the cat sat", 1));
        // unigrams: cand {the, cat, ran} ∩ ref {the, cat, sat, down} = 2 → P 2/3, R 2/4, F1 4/7
        Assert.Equal(4.0 / 7, Rouge.N("the cat ran", "the cat sat down", 1), 9);
        // bigrams: cand {the cat, cat ran} ∩ ref {the cat, cat sat, sat down} = 1 → P 1/2, R 1/3, F1 0.4
        Assert.Equal(0.4, Rouge.N("the cat ran", "the cat sat down", 2), 9);
    }

    [Fact]
    public void Summary_level_rouge_l_ignores_the_order_of_reference_sentences()
    {
        string[] candidate = ["alpha beta gamma.", "delta epsilon."];
        Assert.Equal(1.0, Rouge.L(candidate, ["delta epsilon.", "alpha beta gamma."]), 9);
        // LCS union of "alpha gamma zeta" with the candidate: {alpha, gamma} → P 2/5, R 2/3
        Assert.Equal(2 * 0.4 * (2.0 / 3) / (0.4 + 2.0 / 3), Rouge.L(candidate, ["alpha gamma zeta"]), 9);
    }

    [Fact]
    public void Peer_output_maps_back_to_document_sentences()
    {
        var doc = Document.Parse("First one here. Second one here. Third one here.");
        Assert.Equal([1], SentenceMatcher.Match(doc, ["Second one here"]).Select(s => s.Index)); // a peer that drops the stop
        Assert.Equal([0, 2], SentenceMatcher.Match(doc, ["Third one here.First one here."]).Select(s => s.Index)); // one that glues
        Assert.Empty(SentenceMatcher.Match(doc, ["Something else entirely."]));
    }

    [Fact]
    public void Scores_average_over_articles()
    {
        var article = new ReferenceArticle("t/1", "t", "Title", "A b. C d. E f.", ["A b.", "E f."]);
        var outputs = new Dictionary<string, IReadOnlyDictionary<string, SystemOutput>>
        {
            ["perfect"] = new Dictionary<string, SystemOutput> { ["t/1"] = new(["A b.", "E f."], ["A b.", "E f."]) },
            ["half"] = new Dictionary<string, SystemOutput> { ["t/1"] = new(["A b.", "C d."], ["A b.", "C d."]) },
        };
        var scores = SummaryEvaluation.Score([article], outputs).ToDictionary(s => s.System);
        Assert.Equal(1.0, scores["perfect"].SentenceF1, 9);
        Assert.Equal(0.5, scores["half"].SentenceF1, 9);
        Assert.Null(scores["half"].JsRouge2);
    }

    [Fact]
    public void The_bbc_reference_set_loads()
    {
        var set = ReferenceSet.Load(Testing.RepoPaths.RequireBbcData(), limit: 3);
        Assert.Equal(["business", "entertainment", "politics"], set.Select(a => a.Topic));
        Assert.All(set, a => Assert.NotEmpty(a.ReferenceSentences));
    }

    [Fact]
    public void A_folder_that_is_not_a_reference_set_gets_a_clear_error()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ReferenceSet.Load(Path.GetTempPath()));
        Assert.Contains("article/<topic>/<n>.txt", e.Message, StringComparison.Ordinal);
    }
}
