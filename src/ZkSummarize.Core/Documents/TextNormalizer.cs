using System.Text;

namespace ZkSummarize.Core.Documents;

/// <summary>
/// Puts text into the one canonical form the commitment is computed over (docs/commitments.md, §1):
/// Unicode NFC; every line ending and Unicode line separator becomes <c>\n</c>; every other
/// whitespace character becomes a space; runs of spaces collapse; lines are trimmed; a blank line
/// separates paragraphs; the lines of a paragraph are joined by one space. The result is the
/// paragraphs joined by <c>\n\n</c>, so re-wrapping a document never changes its commitment, and
/// <c>Normalize(Normalize(x)) == Normalize(x)</c>.
/// </summary>
public static class TextNormalizer
{
    public const string ParagraphSeparator = "\n\n";

    /// <summary>Decodes strict UTF-8 (a leading BOM is dropped) and normalises it.</summary>
    /// <exception cref="DocumentException">The bytes are not UTF-8, or look like a binary file.</exception>
    public static string Normalize(ReadOnlySpan<byte> utf8)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new DocumentException(DocumentError.InvalidEncoding,
                $"The document is not valid UTF-8 (bad byte at offset {e.Index}). Convert it to UTF-8 text and send it again.", e);
        }
        return Normalize(text);
    }

    /// <exception cref="DocumentException">The text holds an unpaired surrogate or binary control characters.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        EnsureUnicodeNormalization();
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        RejectBinary(text);
        string composed;
        try
        {
            composed = text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException e)
        {
            throw new DocumentException(DocumentError.InvalidEncoding,
                "The document holds an unpaired UTF-16 surrogate, so it is not valid Unicode text. Fix the encoding and send it again.", e);
        }

        var paragraphs = new List<string>();
        var paragraph = new StringBuilder();
        foreach (var line in SplitLines(composed))
        {
            var collapsed = CollapseWhitespace(line);
            if (collapsed.Length == 0)
            {
                Flush();
                continue;
            }
            if (paragraph.Length > 0) paragraph.Append(' ');
            paragraph.Append(collapsed);
        }
        Flush();
        return string.Join(ParagraphSeparator, paragraphs);

        void Flush()
        {
            if (paragraph.Length == 0) return;
            paragraphs.Add(paragraph.ToString());
            paragraph.Clear();
        }
    }

    // With InvariantGlobalization .NET skips normalisation without a word, which would silently give
    // other document roots than every other implementation. Refuse to run instead.
    private static void EnsureUnicodeNormalization()
    {
        if (UnicodeNormalizationWorks.Value) return;
        throw new InvalidOperationException(
            "Unicode normalisation (NFC) is unavailable in this process, so document commitments would be wrong. " +
            "Install ICU (Debian: libicu) and do not set InvariantGlobalization or DOTNET_SYSTEM_GLOBALIZATION_INVARIANT.");
    }

    private static readonly Lazy<bool> UnicodeNormalizationWorks = new(() => "e\u0301".Normalize(NormalizationForm.FormC) == "\u00E9");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // A line break ends a line; the paragraph and page separators also end the paragraph.
    private static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paragraphBreak = c is '\u2029' or '\f';
            if (c is not ('\n' or '\r' or '\v' or '\u0085' or '\u2028') && !paragraphBreak) continue;
            yield return text[start..i];
            if (paragraphBreak) yield return string.Empty;
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        yield return text[start..];
    }

    private static string CollapseWhitespace(string line)
    {
        var sb = new StringBuilder(line.Length);
        var pendingSpace = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    // Text never holds C0/C1 control characters other than the whitespace ones; a NUL almost always
    // means a binary file was sent by mistake, and committing to it would only waste the client's money.
    private static void RejectBinary(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsControl(c) || char.IsWhiteSpace(c)) continue;
            throw new DocumentException(DocumentError.BinaryContent,
                $"The document holds the control character U+{(int)c:X4} at position {i}, so it looks like a binary file, not text. Send the text (UTF-8) instead.");
        }
    }
}
