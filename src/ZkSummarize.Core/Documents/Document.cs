using System.Text;

namespace ZkSummarize.Core.Documents;

/// <summary>
/// A text in canonical form and its sentences, as the commitment scheme sees it: the unit that is
/// paid for, summarised and proven.
/// </summary>
public sealed class Document
{
    private Document(string normalizedText, IReadOnlyList<Sentence> sentences)
    {
        NormalizedText = normalizedText;
        Sentences = sentences;
    }

    /// <summary>The text after <see cref="TextNormalizer"/>; every sentence is a substring of it.</summary>
    public string NormalizedText { get; }

    /// <summary>The sentences in document order; <c>Sentences[i].Index == i</c>.</summary>
    public IReadOnlyList<Sentence> Sentences { get; }

    /// <summary>Normalises and segments a text.</summary>
    /// <exception cref="DocumentException">Empty, not text, or longer than the commitment tree holds.</exception>
    public static Document Parse(string text) => FromNormalized(TextNormalizer.Normalize(text));

    /// <summary>Decodes strict UTF-8, then normalises and segments it.</summary>
    /// <exception cref="DocumentException">Not UTF-8, empty, not text, or too long.</exception>
    public static Document Parse(ReadOnlySpan<byte> utf8) => FromNormalized(TextNormalizer.Normalize(utf8));

    /// <summary>Total UTF-8 size of the normalised text.</summary>
    public int Utf8Length => Encoding.UTF8.GetByteCount(NormalizedText);

    private static Document FromNormalized(string normalized)
    {
        var texts = SentenceSegmenter.Segment(normalized);
        if (texts.Count == 0)
        {
            throw new DocumentException(DocumentError.Empty,
                "The document has no text (it is empty or only whitespace). Send the text you want summarised.");
        }
        if (texts.Count > CommitmentLimits.MaxDocumentSentences)
        {
            throw new DocumentException(DocumentError.TooManySentences,
                $"The document has {texts.Count:N0} sentences, but a provable document holds at most {CommitmentLimits.MaxDocumentSentences:N0}. Split it into parts and summarise each.");
        }
        var sentences = new Sentence[texts.Count];
        for (var i = 0; i < sentences.Length; i++) sentences[i] = new Sentence(i, texts[i]);
        return new Document(normalized, sentences);
    }
}
