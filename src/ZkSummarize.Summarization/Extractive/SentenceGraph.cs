namespace ZkSummarize.Summarization.Extractive;

/// <summary>The weighted, undirected sentence-similarity graph of TextRank, kept sparse.</summary>
internal sealed class SentenceGraph
{
    private readonly List<(int Node, double Weight)>[] _edges;

    private SentenceGraph(List<(int, double)>[] edges) => _edges = edges;

    /// <summary>Links sentences that share terms; built from posting lists, so unrelated pairs cost nothing.</summary>
    public static SentenceGraph Build(IReadOnlyList<List<string>> sentenceTerms)
    {
        var n = sentenceTerms.Count;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var sets = new int[n][];
        var postings = new List<List<int>>();
        for (var i = 0; i < n; i++)
        {
            sets[i] = sentenceTerms[i].Select(t => ids.TryGetValue(t, out var id) ? id : ids[t] = ids.Count).Distinct().ToArray();
            foreach (var id in sets[i])
            {
                if (id == postings.Count) postings.Add([]);
                postings[id].Add(i);
            }
        }

        var edges = new List<(int, double)>[n];
        for (var i = 0; i < n; i++) edges[i] = [];
        var shared = new int[n];
        var touched = new List<int>();
        for (var i = 0; i < n; i++)
        {
            foreach (var id in sets[i])
            {
                foreach (var j in postings[id])
                {
                    if (j <= i) continue;
                    if (shared[j]++ == 0) touched.Add(j);
                }
            }
            touched.Sort(); // fixed order of edges, so floating-point sums are the same every run
            foreach (var j in touched)
            {
                var weight = shared[j] / (Math.Log(sentenceTerms[i].Count + 1) + Math.Log(sentenceTerms[j].Count + 1));
                edges[i].Add((j, weight));
                edges[j].Add((i, weight));
                shared[j] = 0;
            }
            touched.Clear();
        }
        return new SentenceGraph(edges);
    }

    /// <summary>Weighted PageRank by power iteration: S(i) = (1 - d) + d · Σj w(j,i) / out(j) · S(j).</summary>
    public double[] PageRank(double damping, int maxIterations, double tolerance)
    {
        var n = _edges.Length;
        var outWeight = _edges.Select(e => e.Sum(x => x.Weight)).ToArray();
        var scores = Enumerable.Repeat(1.0, n).ToArray();
        var next = new double[n];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                foreach (var (j, w) in _edges[i]) sum += w / outWeight[j] * scores[j];
                next[i] = (1 - damping) + damping * sum;
                change = Math.Max(change, Math.Abs(next[i] - scores[i]));
            }
            (scores, next) = (next, scores);
            if (change < tolerance) break;
        }
        return scores;
    }
}
