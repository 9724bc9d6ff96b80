using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization.Learned;

/// <summary>
/// The fixed features the learned scorer weighs, per sentence, as Q16 integers (1.0 = 65,536).
/// Only features that raised cross-topic F1 are here; position, length, paragraph starts, figures,
/// quotes and capitalised words were measured and did not (docs/summarization.md). A weights file
/// names the features it was trained for, and is refused by a build that computes others.
/// </summary>
public static class SentenceFeatures
{
    /// <summary>The features, in the order of a row and of a weights file.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "centrality-folded", // cosine PageRank over content words with English plurals folded
        "centrality-words",  // the same over the words as written
    ];

    /// <summary>One row per sentence, in document order; row[f] is feature <see cref="Names"/>[f].</summary>
    public static long[][] Compute(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var (words, folded) = CentralityWords.Extract(document);
        var byFolded = CosineCentrality.Score(folded);
        var byWords = CosineCentrality.Score(words);
        var rows = new long[document.Sentences.Count][];
        for (var i = 0; i < rows.Length; i++) rows[i] = [byFolded[i], byWords[i]];
        return rows;
    }
}
