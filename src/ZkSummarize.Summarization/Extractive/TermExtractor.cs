using System.Globalization;
using System.Text;

namespace ZkSummarize.Summarization.Extractive;

/// <summary>
/// Turns a sentence into the terms the summarizers compare: lowercase words of letters and digits
/// (an apostrophe inside a word is kept, so "don't" stays one word), and, for scripts written
/// without spaces (Chinese, Japanese, Thai and their neighbours), overlapping character pairs.
/// </summary>
internal static class TermExtractor
{
    /// <param name="joinHyphenated">
    /// Keep hyphenated compounds ("super-casino", "co-chairman") as one word. The learned scorer does:
    /// on the BBC pairs a compound says more about a sentence than its parts (docs/summarization.md).
    /// </param>
    public static List<string> Extract(string sentence, bool joinHyphenated = false)
    {
        var terms = new List<string>();
        var word = new StringBuilder();
        var unspaced = new List<Rune>();
        foreach (var rune in sentence.EnumerateRunes())
        {
            if (IsUnspacedScript(rune))
            {
                FlushWord();
                unspaced.Add(rune);
                continue;
            }
            FlushUnspaced();
            if (IsWordRune(rune))
            {
                var lower = Rune.ToLowerInvariant(rune);
                if (lower.IsBmp) word.Append((char)lower.Value);
                else word.Append(lower.ToString());
            }
            else if (IsApostrophe(rune) && word.Length > 0)
            {
                word.Append('\'');
            }
            else if (joinHyphenated && IsHyphen(rune) && word.Length > 0)
            {
                word.Append('-');
            }
            else
            {
                FlushWord();
            }
        }
        FlushWord();
        FlushUnspaced();
        return terms;

        void FlushWord()
        {
            var w = word.ToString().TrimEnd('\'', '-');
            if (w.Length > 0) terms.Add(w);
            word.Clear();
        }

        void FlushUnspaced()
        {
            if (unspaced.Count == 1) terms.Add(unspaced[0].ToString());
            for (var i = 0; i + 1 < unspaced.Count; i++) terms.Add(unspaced[i].ToString() + unspaced[i + 1]);
            unspaced.Clear();
        }
    }

    private static bool IsApostrophe(Rune r) => r.Value is '\'' or '’';

    // ASCII hyphen-minus and the Unicode hyphens; dashes (– —) separate words and are not joined.
    private static bool IsHyphen(Rune r) => r.Value is '-' or '\u2010' or '\u2011';

    private static bool IsWordRune(Rune r) => Rune.IsLetterOrDigit(r) || IsMark(r);

    // Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar: no spaces between words, so words cannot be found
    // without a dictionary; character pairs capture most shared words instead.
    private static bool IsUnspacedScript(Rune r) => r.Value switch
    {
        >= 0x0E00 and <= 0x0EFF => true,   // Thai, Lao
        >= 0x1000 and <= 0x109F => true,   // Myanmar
        >= 0x1780 and <= 0x17FF => true,   // Khmer
        >= 0x3040 and <= 0x30FF => true,   // Hiragana, Katakana
        >= 0x3400 and <= 0x4DBF => true,   // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true,   // CJK unified ideographs
        >= 0xF900 and <= 0xFAFF => true,   // CJK compatibility ideographs
        >= 0x20000 and <= 0x3FFFF => true, // CJK extensions B and later
        _ => false,
    } && (Rune.IsLetter(r) || IsMark(r));

    /// <summary>Whether a term came from a script written without spaces (a character or a pair).</summary>
    public static bool IsUnspacedTerm(string term) => Rune.TryGetRuneAt(term, 0, out var first) && IsUnspacedScript(first);

    private static bool IsMark(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
