namespace ZkSummarize.Summarization.Learned;

/// <summary>
/// How central each sentence is: PageRank over the graph whose edges are the cosine similarities of
/// the sentences' word-count vectors (LexRank's continuous graph without idf weights), all in integers.
/// Cosines are Q16, scores are scaled by 2^20, the damping is 17/20, and every division rounds down,
/// so the scores are the same on every machine. The result is normalised to a mean of
/// <see cref="FixedPoint.One"/>, so that scores of different documents are on one scale.
/// </summary>
internal static class CosineCentrality
{
    private const int ScoreShift = 20;
    private const long Unit = 1L << ScoreShift;
    private const long DampingNumerator = 17;
    private const long DampingDenominator = 20;
    private const int MaxIterations = 200;

    public static long[] Score(TermVectors sentences)
    {
        var n = sentences.Count;
        var (offsets, neighbours, weights) = Graph(sentences);
        var outWeight = new long[n];
        for (var i = 0; i < n; i++)
        {
            for (var e = offsets[i]; e < offsets[i + 1]; e++) outWeight[i] += weights[e];
        }

        var scores = new long[n];
        Array.Fill(scores, Unit);
        var next = new long[n];
        var share = new long[n];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (var j = 0; j < n; j++) share[j] = outWeight[j] == 0 ? 0 : (scores[j] << 16) / outWeight[j];
            long change = 0;
            for (var i = 0; i < n; i++)
            {
                long sum = 0;
                for (var e = offsets[i]; e < offsets[i + 1]; e++) sum += share[neighbours[e]] * weights[e];
                next[i] = ((DampingDenominator - DampingNumerator) * Unit + DampingNumerator * (sum >> 16)) / DampingDenominator;
                change = Math.Max(change, Math.Abs(next[i] - scores[i]));
            }
            (scores, next) = (next, scores);
            // Rounding can leave a score flickering by one unit; that is converged.
            if (change <= 1) break;
        }

        long total = 0;
        foreach (var s in scores) total += s;
        var normalised = new long[n];
        for (var i = 0; i < n; i++) normalised[i] = scores[i] * n * FixedPoint.One / total;
        return normalised;
    }

    /// <summary>
    /// The undirected graph in compressed rows: the neighbours of i are neighbours[offsets[i]..offsets[i+1]].
    /// Pairs are found through the posting lists, so sentences that share no word cost nothing. Sums of
    /// integers do not depend on their order, so no order needs to be fixed here.
    /// </summary>
    private static (int[] Offsets, int[] Neighbours, long[] Weights) Graph(TermVectors sentences)
    {
        var n = sentences.Count;
        // Posting lists hold sentences in ascending order, and each term of a sentence remembers its own
        // place in its list: the sentences after it that share the term are the rest of the list.
        var postings = new List<(int Sentence, int Count)>[sentences.Vocabulary];
        for (var t = 0; t < postings.Length; t++) postings[t] = [];
        var places = new int[n][];
        var squaredNorms = new long[n];
        for (var i = 0; i < n; i++)
        {
            places[i] = new int[sentences.Ids[i].Length];
            for (var k = 0; k < sentences.Ids[i].Length; k++)
            {
                var count = sentences.Counts[i][k];
                var list = postings[sentences.Ids[i][k]];
                places[i][k] = list.Count;
                list.Add((i, count));
                squaredNorms[i] += (long)count * count;
            }
        }

        var adjacency = new List<(int Node, long Weight)>[n];
        for (var i = 0; i < n; i++) adjacency[i] = [];
        var dot = new long[n];
        var touched = new List<int>();
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < sentences.Ids[i].Length; k++)
            {
                var count = sentences.Counts[i][k];
                var list = postings[sentences.Ids[i][k]];
                for (var p = places[i][k] + 1; p < list.Count; p++)
                {
                    var (j, other) = list[p];
                    if (dot[j] == 0) touched.Add(j);
                    dot[j] += (long)count * other;
                }
            }
            foreach (var j in touched)
            {
                var weight = Cosine(dot[j], squaredNorms[i], squaredNorms[j]);
                dot[j] = 0;
                if (weight == 0) continue;
                adjacency[i].Add((j, weight));
                adjacency[j].Add((i, weight));
            }
            touched.Clear();
        }

        var offsets = new int[n + 1];
        for (var i = 0; i < n; i++) offsets[i + 1] = offsets[i] + adjacency[i].Count;
        var neighbours = new int[offsets[n]];
        var weights = new long[offsets[n]];
        for (var i = 0; i < n; i++)
        {
            for (var e = 0; e < adjacency[i].Count; e++)
            {
                neighbours[offsets[i] + e] = adjacency[i][e].Node;
                weights[offsets[i] + e] = adjacency[i][e].Weight;
            }
        }
        return (offsets, neighbours, weights);
    }

    /// <summary>
    /// ⌊cos · 2^16⌋ = ⌊√(dot² · 2^32 / (|a|² · |b|²))⌋. By Cauchy–Schwarz the quotient is at most 2^32,
    /// so only the intermediate product needs 128 bits.
    /// </summary>
    private static long Cosine(long dot, long squaredNormA, long squaredNormB)
    {
        ulong quotient;
        if (dot < 1L << 16 && squaredNormA <= uint.MaxValue && squaredNormB <= uint.MaxValue)
        {
            quotient = ((ulong)(dot * dot) << 32) / ((ulong)squaredNormA * (ulong)squaredNormB); // the common case, without 128-bit division
        }
        else
        {
            quotient = (ulong)(((UInt128)(ulong)dot * (ulong)dot << 32) / ((UInt128)(ulong)squaredNormA * (ulong)squaredNormB));
        }
        return (long)FixedPoint.Isqrt(quotient);
    }
}
