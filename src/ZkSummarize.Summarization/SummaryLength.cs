using ZkSummarize.Core;

namespace ZkSummarize.Summarization;

/// <summary>How long a summary should be: a number of sentences, or a budget of characters.</summary>
public sealed record SummaryLength
{
    private SummaryLength(int? sentences, int? characters)
    {
        SentenceCount = sentences;
        MaxCharacters = characters;
    }

    /// <summary>Exactly this many sentences (fewer only if the document is shorter).</summary>
    public int? SentenceCount { get; }

    /// <summary>As many top sentences as fit in this many characters (at least one sentence).</summary>
    public int? MaxCharacters { get; }

    /// <exception cref="ArgumentOutOfRangeException">Not within 1..<see cref="CommitmentLimits.MaxSummarySentences"/>.</exception>
    public static SummaryLength Sentences(int count)
    {
        if (count is < 1 or > CommitmentLimits.MaxSummarySentences)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"A summary has 1 to {CommitmentLimits.MaxSummarySentences} sentences (the most one proof covers).");
        }
        return new SummaryLength(count, null);
    }

    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public static SummaryLength Characters(int maxCharacters)
    {
        if (maxCharacters < 1) throw new ArgumentOutOfRangeException(nameof(maxCharacters), maxCharacters, "A character budget must be positive.");
        return new SummaryLength(null, maxCharacters);
    }

    public override string ToString() => SentenceCount is { } n ? $"{n} sentences" : $"at most {MaxCharacters} characters";
}
