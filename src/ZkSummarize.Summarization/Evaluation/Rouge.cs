using System.Text;

namespace ZkSummarize.Summarization.Evaluation;

/// <summary>
/// ROUGE F1 (Lin, 2004) over lowercase words of letters and digits: ROUGE-N with clipped n-gram
/// counts over the whole summary; ROUGE-L at summary level, from the union longest common
/// subsequence of each reference sentence with the candidate sentences (§3.2), so that the order
/// in which a reference lists its sentences does not matter.
/// </summary>
public static class Rouge
{
    public static double N(string candidate, string reference, int n)
    {
        var cand = Grams(Tokens(candidate), n);
        var refs = Grams(Tokens(reference), n);
        var overlap = cand.Sum(g => Math.Min(g.Value, refs.GetValueOrDefault(g.Key)));
        return F1(overlap, cand.Values.Sum(), refs.Values.Sum());
    }

    public static double L(IReadOnlyList<string> candidateSentences, IReadOnlyList<string> referenceSentences)
    {
        var candidates = candidateSentences.Select(Tokens).ToList();
        var references = referenceSentences.Select(Tokens).ToList();
        var hits = 0;
        foreach (var reference in references)
        {
            var union = new HashSet<int>();
            foreach (var candidate in candidates) union.UnionWith(LcsPositions(reference, candidate));
            hits += union.Count;
        }
        return F1(hits, candidates.Sum(c => c.Count), references.Sum(r => r.Count));
    }

    // Positions in `reference` of one longest common subsequence with `candidate`.
    private static IEnumerable<int> LcsPositions(List<string> reference, List<string> candidate)
    {
        var table = new int[reference.Count + 1, candidate.Count + 1];
        for (var i = reference.Count - 1; i >= 0; i--)
        {
            for (var j = candidate.Count - 1; j >= 0; j--)
            {
                table[i, j] = reference[i] == candidate[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }
        for (int i = 0, j = 0; i < reference.Count && j < candidate.Count;)
        {
            if (reference[i] == candidate[j])
            {
                yield return i;
                i++;
                j++;
            }
            else if (table[i + 1, j] >= table[i, j + 1]) i++;
            else j++;
        }
    }

    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                word.Append(Rune.ToLowerInvariant(rune).ToString());
                continue;
            }
            if (word.Length > 0) tokens.Add(word.ToString());
            word.Clear();
        }
        if (word.Length > 0) tokens.Add(word.ToString());
        return tokens;
    }

    private static Dictionary<string, int> Grams(List<string> tokens, int n)
    {
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var key = string.Join(' ', tokens.GetRange(i, n));
            grams[key] = grams.GetValueOrDefault(key) + 1;
        }
        return grams;
    }

    internal static double F1(int overlap, int candidateCount, int referenceCount)
    {
        if (overlap == 0 || candidateCount == 0 || referenceCount == 0) return 0;
        var precision = (double)overlap / candidateCount;
        var recall = (double)overlap / referenceCount;
        return 2 * precision * recall / (precision + recall);
    }
}
