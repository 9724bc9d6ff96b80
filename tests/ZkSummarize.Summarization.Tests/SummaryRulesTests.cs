namespace ZkSummarize.Summarization.Tests;

public sealed class SummaryRulesTests
{
    [Theory]
    [InlineData(new[] { 0, 3, 5 }, null)]
    [InlineData(new int[0], "no sentence")]
    [InlineData(new[] { 0, 3 }, "exactly 3")]
    [InlineData(new[] { 3, 0, 5 }, "strictly increasing")]
    [InlineData(new[] { 0, 3, 3 }, "strictly increasing")]
    [InlineData(new[] { 0, 3, 99 }, "does not exist")]
    [InlineData(new[] { -1, 3, 5 }, "does not exist")]
    public void Validation_names_what_is_wrong(int[] indices, string? problem)
    {
        var result = SummaryRules.Validate(Samples.News, indices, SummaryLength.Sentences(3));
        if (problem is null) Assert.Null(result);
        else Assert.Contains(problem, result, StringComparison.Ordinal);
    }

    [Fact]
    public void A_character_budget_is_checked()
    {
        Assert.Contains("over the budget", SummaryRules.Validate(Samples.News, [0, 1, 2], SummaryLength.Characters(100)), StringComparison.Ordinal);
        Assert.Null(SummaryRules.Validate(Samples.News, [0], SummaryLength.Characters(10))); // one sentence is always allowed
    }
}
