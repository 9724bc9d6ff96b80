namespace ZkSummarize.Summarization.Learned;

/// <summary>Each sentence as word counts over the document's vocabulary: term ids, and the count of each beside it.</summary>
internal sealed class TermVectors
{
    private TermVectors(int[][] ids, int[][] counts, int vocabulary)
    {
        Ids = ids;
        Counts = counts;
        Vocabulary = vocabulary;
    }

    public int[][] Ids { get; }

    public int[][] Counts { get; }

    /// <summary>Distinct terms in the document; ids run from 0 to this minus one, in order of first use.</summary>
    public int Vocabulary { get; }

    public int Count => Ids.Length;

    public static TermVectors Build(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new int[sentences.Count][];
        var counts = new int[sentences.Count][];
        var perSentence = new Dictionary<int, int>();
        for (var i = 0; i < sentences.Count; i++)
        {
            perSentence.Clear();
            foreach (var term in sentences[i])
            {
                if (!vocabulary.TryGetValue(term, out var id)) vocabulary[term] = id = vocabulary.Count;
                perSentence[id] = perSentence.GetValueOrDefault(id) + 1;
            }
            ids[i] = perSentence.Keys.ToArray();
            counts[i] = perSentence.Values.ToArray();
        }
        return new TermVectors(ids, counts, vocabulary.Count);
    }
}
