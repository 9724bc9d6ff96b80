using ZkSummarize.Summarization.Evaluation;

namespace ZkSummarize.Summarization.Learned.Training;

/// <summary>
/// Fits integer weights by coordinate ascent on the measure we report, mean sentence F1 at the
/// reference's length (as RankLib's CoordinateAscent does for ranking metrics): one weight at a time,
/// step sizes from large to small, a move kept only if it strictly raises F1. A surrogate loss
/// (logistic, pairwise) was tried first and scored lower: it rewards ranking every pair, while a
/// summary only needs the right sentences above the cut. Deterministic: the same examples give
/// the same weights.
/// </summary>
internal static class CoordinateAscent
{
    /// <summary>The first feature (the main centrality) starts at this weight, the others at zero.</summary>
    public const long InitialWeight = 1024;

    private static readonly long[] Steps = [512, 256, 128, 64, 32, 16, 8, 4, 2, 1];
    private const int MaxRounds = 50;

    public static (long[] Weights, double SentenceF1) Fit(IReadOnlyList<TrainingExample> examples, int features, CancellationToken cancellationToken)
    {
        if (examples.Count == 0) throw new ArgumentException("There is nothing to train on: the reference set is empty.", nameof(examples));
        var weights = new long[features];
        weights[0] = InitialWeight;
        var best = MeanF1(examples, weights);
        for (var round = 0; round < MaxRounds; round++)
        {
            var improved = false;
            for (var f = 0; f < features; f++)
            {
                foreach (var step in Steps)
                {
                    foreach (var sign in (ReadOnlySpan<long>)[1, -1])
                    {
                        while (true)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var candidate = (long[])weights.Clone();
                            candidate[f] += sign * step;
                            if (Math.Abs(candidate[f]) > LearnedScorerModel.MaxWeight) break;
                            var score = MeanF1(examples, candidate);
                            if (score <= best) break;
                            (weights, best, improved) = (candidate, score, true);
                        }
                    }
                }
            }
            if (!improved) break;
        }
        return (weights, best);
    }

    /// <summary>Mean sentence F1 when every example takes its top sentences under these weights.</summary>
    public static double MeanF1(IReadOnlyList<TrainingExample> examples, long[] weights)
    {
        var f1 = new double[examples.Count];
        Parallel.For(0, examples.Count, i => f1[i] = SentenceF1(examples[i], weights));
        var sum = 0.0;
        foreach (var value in f1) sum += value; // in a fixed order, so the total is the same every run
        return sum / examples.Count;
    }

    private static double SentenceF1(TrainingExample example, long[] weights)
    {
        var scores = new long[example.Rows.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            for (var f = 0; f < weights.Length; f++) scores[i] += weights[f] * example.Rows[i][f];
        }
        var ranked = SummaryRules.RankByScore(scores);
        var hits = 0;
        for (var k = 0; k < example.Take; k++) hits += example.Chosen[ranked[k]] ? 1 : 0;
        return Rouge.F1(hits, example.Take, example.ReferenceCount);
    }
}
