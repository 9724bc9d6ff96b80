using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ZkSummarize.Core.Documents;

namespace ZkSummarize.Core.Tests;

public sealed class NormalizationTests
{
    [Fact]
    public void Line_endings_whitespace_and_composition_become_canonical()
    {
        var decomposed = "Cafe\u0301\tau\u00A0lait.\r\n  Second\u2003line.\r\rNew\u2029para.\u000B Tail. ";
        Assert.Equal("Café au lait. Second line.\n\nNew\n\npara. Tail.", TextNormalizer.Normalize(decomposed));
    }

    [Fact]
    public void A_byte_order_mark_is_dropped()
    {
        Assert.Equal("Hi.", TextNormalizer.Normalize([0xEF, 0xBB, 0xBF, (byte)'H', (byte)'i', (byte)'.']));
    }

    [Fact]
    public void Rewrapping_does_not_change_the_text()
    {
        Assert.Equal(TextNormalizer.Normalize("one two three.\n\nfour five."), TextNormalizer.Normalize("one\ntwo   three.\r\n\r\n\r\n  four\n five.\n"));
    }

    [Property(MaxTest = 500)]
    public bool Normalizing_twice_changes_nothing(string? text)
    {
        text = Clean(text);
        var once = TextNormalizer.Normalize(text);
        return TextNormalizer.Normalize(once) == once;
    }

    [Property(MaxTest = 500)]
    public bool Sentences_are_trimmed_nonempty_substrings_in_order(string? text)
    {
        var normalized = TextNormalizer.Normalize(Clean(text));
        var position = 0;
        foreach (var sentence in SentenceSegmenter.Segment(normalized))
        {
            if (sentence.Length == 0 || sentence.Trim() != sentence) return false;
            var at = normalized.IndexOf(sentence, position, StringComparison.Ordinal);
            if (at < 0) return false;
            position = at + sentence.Length;
        }
        return true;
    }

    [Property(MaxTest = 300)]
    public bool Segmentation_depends_only_on_the_normalized_text(NonEmptyString a, NonEmptyString b)
    {
        var text = OneLine(a.Get) + ". " + OneLine(b.Get) + "!";
        return SegmentsTheSameWhenRewrapped(text);
    }

    // A line of nothing but tabs is a blank line, which separates paragraphs; rewrapping must break at whole
    // whitespace runs (the case FsCheck found: "a. \t !"), or the "rewrapped" text has a paragraph the original lacks.
    [Theory]
    [InlineData("a. \t !")]
    [InlineData("One.\u00A0\u2003 Two!")]
    public void Rewrapping_at_whitespace_runs_keeps_the_sentences(string text) => Assert.True(SegmentsTheSameWhenRewrapped(text));

    private static bool SegmentsTheSameWhenRewrapped(string text)
    {
        var wrapped = Regex.Replace(text, @"\s+", " \r\n ");
        return SentenceSegmenter.Segment(TextNormalizer.Normalize(text)).SequenceEqual(SentenceSegmenter.Segment(TextNormalizer.Normalize(wrapped)));
    }

    private static string OneLine(string text) => Regex.Replace(Clean(text), "[\n\r\v\f\u0085\u2028\u2029]", " ");

    // FsCheck strings hold control characters and lone surrogates, which are rejected by design (tested below).
    private static string Clean(string? text) =>
        new((text ?? "").Where(c => (!char.IsControl(c) || char.IsWhiteSpace(c)) && !char.IsSurrogate(c)).ToArray());

    [Fact]
    public void Empty_and_whitespace_only_documents_are_rejected()
    {
        foreach (var text in new[] { "", "   ", "\n\r\n\t \u00A0\u2029" })
        {
            var e = Assert.Throws<DocumentException>(() => Document.Parse(text));
            Assert.Equal(DocumentError.Empty, e.Error);
        }
    }

    [Fact]
    public void Binary_junk_is_rejected_with_the_offending_position()
    {
        var junk = new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00 }; // an ELF header
        var e = Assert.Throws<DocumentException>(() => Document.Parse(junk));
        Assert.Equal(DocumentError.BinaryContent, e.Error);
        Assert.Contains("U+007F", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_and_lone_surrogates_are_rejected()
    {
        Assert.Equal(DocumentError.InvalidEncoding, Assert.Throws<DocumentException>(() => Document.Parse([0x48, 0xC3, 0x28])).Error);
        Assert.Equal(DocumentError.InvalidEncoding, Assert.Throws<DocumentException>(() => Document.Parse("bad \uD800 text.")).Error);
    }

    [Fact]
    public void A_document_over_the_tree_capacity_is_rejected_and_one_at_capacity_is_not()
    {
        string Sentences(int n) => string.Join(' ', Enumerable.Range(0, n).Select(i => $"Sentence {i}."));
        Assert.Equal(CommitmentLimits.MaxDocumentSentences, Document.Parse(Sentences(CommitmentLimits.MaxDocumentSentences)).Sentences.Count);
        var e = Assert.Throws<DocumentException>(() => Document.Parse(Sentences(CommitmentLimits.MaxDocumentSentences + 1)));
        Assert.Equal(DocumentError.TooManySentences, e.Error);
        Assert.Contains("4,096", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_of_one_sentence_is_fine()
    {
        var doc = Document.Parse(Encoding.UTF8.GetBytes("Just one sentence"));
        Assert.Equal("Just one sentence", Assert.Single(doc.Sentences).Text);
    }
}
