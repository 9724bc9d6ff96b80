using System.Text;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Extractive;

namespace ZkSummarize.Summarization.Learned;

/// <summary>
/// The words the centrality features compare: lowercase words with hyphenated compounds kept whole,
/// without words that hold digits (figures repeat across unrelated sentences) and, in English, without
/// function words. Given twice: as written, and with English plurals folded ("profits" → "profit",
/// "companies" → "company"). Other languages drop words shorter than four letters instead of a stop
/// list, as TextRank does; scripts written without spaces compare character pairs.
/// </summary>
internal static class CentralityWords
{
    /// <summary>A document counts as English when at least this share of its words are English function words.</summary>
    private const int EnglishSharePercent = 10;

    private const int MinimumWordLengthWithoutStopList = 4;

    public static (TermVectors Words, TermVectors Folded) Extract(Document document)
    {
        var all = new List<string>[document.Sentences.Count];
        long total = 0, function = 0;
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = TermExtractor.Extract(document.Sentences[i].Text, joinHyphenated: true);
            total += all[i].Count;
            foreach (var term in all[i]) function += EnglishFunctionWords.Words.Contains(term) ? 1 : 0;
        }
        var english = total > 0 && function * 100 >= EnglishSharePercent * total;

        var words = new List<string>[all.Length];
        var folded = new List<string>[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            words[i] = new List<string>(all[i].Count);
            folded[i] = new List<string>(all[i].Count);
            foreach (var term in all[i])
            {
                if (!Keeps(term, english)) continue;
                words[i].Add(term);
                folded[i].Add(english ? FoldPlural(term) : term);
            }
        }
        return (TermVectors.Build(words), TermVectors.Build(folded));
    }

    private static bool Keeps(string term, bool english)
    {
        foreach (var rune in term.EnumerateRunes())
        {
            if (Rune.IsDigit(rune)) return false;
        }
        if (english) return !EnglishFunctionWords.Words.Contains(term);
        return TermExtractor.IsUnspacedTerm(term) || term.Length >= MinimumWordLengthWithoutStopList;
    }

    /// <summary>
    /// A crude English plural rule, "-ies" to "-y" and a final "s" dropped (not "-ss", not a possessive).
    /// It also folds a few words that are not plurals ("news"); on the BBC pairs it still lifts F1, and a
    /// full stemmer (Porter) lowered it (docs/summarization.md).
    /// </summary>
    internal static string FoldPlural(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal)) return string.Concat(word.AsSpan(0, word.Length - 3), "y");
        if (word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or '\'')) return word[..^1];
        return word;
    }
}
