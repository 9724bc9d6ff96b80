using System.Text.RegularExpressions;
using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization.Evaluation;

/// <summary>
/// Maps a summarizer's output text back to the document's sentences, for summarizers that return
/// strings (the npm peers): an output unit equal to a sentence (ignoring whitespace and the final
/// stop, which some peers drop) is that sentence; a longer unit (a peer that glues its picks
/// together) stands for every sentence it contains.
/// </summary>
public static partial class SentenceMatcher
{
    public static IReadOnlyList<Sentence> Match(Document document, IEnumerable<string> outputUnits)
    {
        var byKey = new Dictionary<string, Sentence>(StringComparer.Ordinal);
        foreach (var sentence in document.Sentences) byKey.TryAdd(Key(sentence.Text), sentence);
        var matched = new SortedDictionary<int, Sentence>();
        foreach (var unit in outputUnits)
        {
            var key = Key(unit);
            if (key.Length == 0) continue;
            if (byKey.TryGetValue(key, out var exact))
            {
                matched[exact.Index] = exact;
                continue;
            }
            foreach (var (sentenceKey, sentence) in byKey)
            {
                if (sentenceKey.Length < key.Length && key.Contains(sentenceKey, StringComparison.Ordinal)) matched[sentence.Index] = sentence;
            }
        }
        return matched.Values.ToList();
    }

    private static string Key(string text) => TrailingStops().Replace(Whitespace().Replace(text.Trim(), " "), "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[.!?]+$")]
    private static partial Regex TrailingStops();
}
