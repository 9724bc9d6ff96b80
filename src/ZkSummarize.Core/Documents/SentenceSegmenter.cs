using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace ZkSummarize.Core.Documents;

/// <summary>
/// Splits normalised text (<see cref="TextNormalizer"/>) into sentences with fixed rules that do not
/// depend on culture or configuration (docs/commitments.md, §2). A paragraph break always ends a
/// sentence. Inside a paragraph, a run of terminators (<c>. ! ?</c> and their CJK, Arabic and Indic
/// forms), followed by any closing quotes or brackets, ends a sentence when a space and then a
/// character that is not a lowercase letter follow, except:
/// an ellipsis (<c>...</c>, <c>…</c>) marks an omission, not an end; and a single period directly
/// after an initial (<c>J.</c>), a dotted abbreviation (<c>U.S.</c>, <c>e.g.</c>) or a title from a
/// short fixed list (<c>Mr.</c>, <c>Dr.</c>) does not end one.
/// Full-width terminators (<c>。！？</c>) end a sentence even with no space after them.
/// Every sentence is an exact substring of the normalised text with no surrounding space.
/// </summary>
public static class SentenceSegmenter
{
    /// <summary>The sentences of normalised text, paragraph by paragraph.</summary>
    public static IReadOnlyList<string> Segment(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var sentences = new List<string>();
        foreach (var paragraph in normalizedText.Split(TextNormalizer.ParagraphSeparator))
        {
            SegmentParagraph(paragraph, sentences);
        }
        return sentences;
    }

    private static void SegmentParagraph(string p, List<string> sentences)
    {
        var start = 0;
        var i = 0;
        while (i < p.Length)
        {
            if (!IsTerminator(p[i]))
            {
                i++;
                continue;
            }
            var runEnd = i;
            while (runEnd + 1 < p.Length && IsTerminator(p[runEnd + 1])) runEnd++;
            var after = runEnd + 1;
            while (after < p.Length && IsCloser(p[after])) after++;

            if (after < p.Length && p[after] == ' ' && after + 1 < p.Length)
            {
                if (EndsSentence(p, start, i, runEnd, after))
                {
                    Add(p[start..after]);
                    start = after + 1;
                }
            }
            else if (after < p.Length && p[after] != ' ' && ContainsFullWidth(p, i, runEnd))
            {
                Add(p[start..after]);
                start = after;
            }
            i = after;
        }
        Add(p[start..]);

        void Add(string sentence)
        {
            if (sentence.Length > 0) sentences.Add(sentence);
        }
    }

    // p[runStart..runEnd] is the terminator run, p[space] the space after it (and any closers).
    private static bool EndsSentence(string p, int sentenceStart, int runStart, int runEnd, int space)
    {
        if (Rune.TryGetRuneAt(p, space + 1, out var next) && Rune.IsLower(next)) return false;
        if (IsEllipsis(p, runStart, runEnd)) return false;
        var bareSinglePeriod = runStart == runEnd && p[runStart] == '.' && space == runEnd + 1;
        return !bareSinglePeriod || !IsAbbreviation(WordBefore(p, sentenceStart, runStart));
    }

    private static bool IsEllipsis(string p, int runStart, int runEnd)
    {
        var run = p.AsSpan(runStart, runEnd - runStart + 1);
        return (run.Length >= 2 && !run.ContainsAnyExcept('.')) || !run.ContainsAnyExcept('…');
    }

    private static string WordBefore(string p, int sentenceStart, int period)
    {
        if (period == sentenceStart) return string.Empty;
        var wordStart = p.LastIndexOf(' ', period - 1, period - sentenceStart) + 1;
        if (wordStart < sentenceStart) wordStart = sentenceStart;
        return p[wordStart..period].TrimStart(Openers);
    }

    private static bool IsAbbreviation(string word) =>
        (word.Length == 1 && char.IsLetter(word[0]))   // an initial: "J. K. Rowling"
        || IsDottedAbbreviation(word)                   // "U.S.", "e.g.", "z.B.", "Ph.D."
        || Titles.Contains(word);

    // Letters in groups of one or two, joined by periods. Not "$10.9bn" or "example.com".
    private static bool IsDottedAbbreviation(string word)
    {
        if (!word.Contains('.', StringComparison.Ordinal)) return false;
        foreach (var part in word.Split('.'))
        {
            if (part.Length is < 1 or > 2 || !part.All(char.IsLetter)) return false;
        }
        return true;
    }

    private static bool ContainsFullWidth(string p, int runStart, int runEnd) =>
        p.AsSpan(runStart, runEnd - runStart + 1).ContainsAny(FullWidthTerminators);

    private static bool IsTerminator(char c) => Terminators.Contains(c);

    private static bool IsCloser(char c) => Closers.Contains(c);

    private static readonly SearchValues<char> Terminators = SearchValues.Create(".!?‼⁇⁈⁉…。！？｡؟۔।॥");
    private static readonly SearchValues<char> FullWidthTerminators = SearchValues.Create("。！？｡");
    private static readonly SearchValues<char> Closers = SearchValues.Create("\"'”’»›)]}」』）］｝〉》】〕");
    private static readonly char[] Openers = ['"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '「', '『', '（'];

    // Titles that are written with a period and almost never end a sentence. Words like "Inc." or
    // "etc." often do end one, so they are not here. The list is part of the commitment scheme:
    // changing it changes document roots.
    private static readonly FrozenSet<string> Titles = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "rev", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "hon", "vs");
}
