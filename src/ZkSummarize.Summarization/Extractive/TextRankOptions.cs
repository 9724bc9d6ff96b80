namespace ZkSummarize.Summarization.Extractive;

/// <summary>Settings of the embedded TextRank summarizer. The defaults are the measured ones (docs/benchmarks.md).</summary>
public sealed class TextRankOptions
{
    /// <summary>PageRank's damping factor: the weight of the graph against the uniform prior.</summary>
    public double Damping { get; set; } = 0.85;

    /// <summary>Power iteration stops after this many rounds if it has not converged.</summary>
    public int MaxIterations { get; set; } = 200;

    /// <summary>Power iteration stops when no score moves more than this.</summary>
    public double Tolerance { get; set; } = 1e-10;

    /// <summary>
    /// A document counts as English when at least this share of its words are English stop words;
    /// otherwise words shorter than <see cref="MinimumTermLength"/> stand in for the stop list.
    /// </summary>
    public double EnglishStopWordShare { get; set; } = 0.10;

    /// <summary>For documents that are not English: shorter words are mostly function words, so they are skipped.</summary>
    public int MinimumTermLength { get; set; } = 4;
}
