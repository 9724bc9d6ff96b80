using System.Numerics;
using FsCheck.Xunit;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Learned;

namespace ZkSummarize.Summarization.Tests;

/// <summary>The integer arithmetic the selection rests on.</summary>
public sealed class FixedPointTests
{
    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(3UL, 1UL)]
    [InlineData(4UL, 2UL)]
    [InlineData(1UL << 32, 1UL << 16)]
    [InlineData((1UL << 32) - 1, (1UL << 16) - 1)]
    [InlineData(ulong.MaxValue, uint.MaxValue)]
    public void Isqrt_is_the_exact_floor(ulong x, ulong root) => Assert.Equal(root, FixedPoint.Isqrt(x));

    [Property(MaxTest = 2000)]
    public bool Isqrt_brackets_every_input(ulong value, byte shift)
    {
        var x = value << (shift % 64); // FsCheck's numbers are small; shifting reaches every magnitude
        var r = (BigInteger)FixedPoint.Isqrt(x);
        return r * r <= x && (r + 1) * (r + 1) > x;
    }

    [Fact]
    public void Centrality_averages_one_and_ranks_the_connected_sentences_first()
    {
        var (words, _) = CentralityWords.Extract(Samples.News);
        var scores = CosineCentrality.Score(words);
        Assert.InRange(scores.Sum(), (FixedPoint.One - 1) * scores.Length, FixedPoint.One * scores.Length); // each value rounds down
        var weather = Samples.News.Sentences.Single(s => s.Text.StartsWith("The weather", StringComparison.Ordinal)).Index;
        Assert.Equal(scores.Min(), scores[weather]);
    }

    [Fact]
    public void Identical_sentences_get_identical_scores()
    {
        var doc = Document.Parse("Tram fares rise. Bus fares fall. Tram fares rise. Ferry fares hold.");
        var (words, folded) = CentralityWords.Extract(doc);
        foreach (var scores in new[] { CosineCentrality.Score(words), CosineCentrality.Score(folded) })
        {
            Assert.Equal(scores[0], scores[2]);
        }
    }
}
