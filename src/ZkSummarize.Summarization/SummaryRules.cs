using ZkSummarize.Core;
using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization;

/// <summary>The rules every summary obeys, whoever chose it: they are what the proof can show.</summary>
public static class SummaryRules
{
    /// <summary>The exact sentence count a summary of this length must have, or null for a character budget.</summary>
    public static int? RequiredCount(Document document, SummaryLength length) =>
        length.SentenceCount is { } n ? Math.Min(n, document.Sentences.Count) : null;

    /// <summary>What an embedded ranker answers: its best sentences for the length, in document order.</summary>
    public static Task<Summary> Summarize(Document document, SummaryLength length, Func<Document, IEnumerable<int>> rank, string method, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(length);
        ArgumentNullException.ThrowIfNull(rank);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new Summary(TakeByRank(document, rank(document), length), method));
    }

    /// <summary>Sentence indices by score, best first; equal scores keep document order, so ties never depend on a sort's whims.</summary>
    public static int[] RankByScore<T>(IReadOnlyList<T> scores) where T : IComparable<T>
    {
        ArgumentNullException.ThrowIfNull(scores);
        var order = Enumerable.Range(0, scores.Count).ToArray();
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]) is var byScore and not 0 ? byScore : a.CompareTo(b));
        return order;
    }

    /// <summary>Takes sentences by rank (best first) until the length is met; returns them in document order.</summary>
    public static IReadOnlyList<Sentence> TakeByRank(Document document, IEnumerable<int> ranked, SummaryLength length)
    {
        var chosen = new List<int>();
        if (RequiredCount(document, length) is { } count)
        {
            chosen.AddRange(ranked.Take(count));
        }
        else
        {
            var budget = length.MaxCharacters!.Value;
            var used = 0;
            foreach (var index in ranked)
            {
                if (chosen.Count == CommitmentLimits.MaxSummarySentences) break;
                var cost = document.Sentences[index].Text.Length + (chosen.Count > 0 ? 1 : 0);
                if (chosen.Count > 0 && used + cost > budget) continue;
                chosen.Add(index);
                used += cost;
                if (used > budget) break; // the best sentence alone is over budget: it is still the summary
            }
        }
        chosen.Sort();
        return chosen.Select(i => document.Sentences[i]).ToArray();
    }

    /// <summary>Checks indices chosen by someone else (a model); returns what is wrong, or null.</summary>
    public static string? Validate(Document document, IReadOnlyList<int> indices, SummaryLength length)
    {
        if (indices.Count == 0) return "no sentence was chosen";
        if (RequiredCount(document, length) is { } count && indices.Count != count)
        {
            return $"{indices.Count} sentences were chosen, but exactly {count} are required";
        }
        if (indices.Count > CommitmentLimits.MaxSummarySentences) return $"{indices.Count} sentences exceed the limit of {CommitmentLimits.MaxSummarySentences}";
        for (var i = 0; i < indices.Count; i++)
        {
            if (indices[i] < 0 || indices[i] >= document.Sentences.Count)
            {
                return $"sentence {indices[i]} does not exist (the document has sentences 0 to {document.Sentences.Count - 1})";
            }
            if (i > 0 && indices[i] <= indices[i - 1]) return $"the indices are not strictly increasing ({indices[i - 1]} then {indices[i]})";
        }
        if (length.MaxCharacters is { } budget && indices.Count > 1)
        {
            var total = indices.Sum(i => document.Sentences[i].Text.Length) + indices.Count - 1;
            if (total > budget) return $"the chosen sentences have {total} characters, over the budget of {budget}";
        }
        return null;
    }
}
