using ZkSummarize.Summarization.Learned;

namespace ZkSummarize.Summarization.Tests;

public sealed class LearnedScorerModelTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_weights_file_round_trips_and_summarizes_the_same()
    {
        var model = new LearnedScorerModel(SentenceFeatures.Names, [1000, -37], new TrainingInfo("set", 12, ["a", "b"], "objective", 0.5));
        var path = Path.Combine(Path.GetTempPath(), $"zks-weights-{Guid.NewGuid():N}.json");
        try
        {
            await model.SaveAsync(path, Ct);
            var loaded = await LearnedScorerModel.LoadAsync(path, Ct);
            Assert.Equal(model.Features, loaded.Features);
            Assert.Equal(model.Weights, loaded.Weights);
            Assert.Equal(model.Training!.Topics, loaded.Training!.Topics);
            Assert.Equal(model.ToJson(), loaded.ToJson());
            Assert.Equal(new LearnedSummarizer(model).Score(Samples.News), new LearnedSummarizer(loaded).Score(Samples.News));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_shipped_weights_are_embedded_and_name_this_build_s_features()
    {
        var shipped = LearnedScorerModel.Shipped;
        Assert.Equal(SentenceFeatures.Names, shipped.Features);
        Assert.Contains(shipped.Weights, w => w != 0);
        Assert.Equal("bbc-news-summary-full", shipped.Training?.Data);
    }

    [Fact]
    public void A_file_for_other_features_is_refused_with_how_to_retrain()
    {
        var json = """{"format":"zks-learned-scorer/1","features":["position","length"],"weights":[1,2]}""";
        var e = Assert.Throws<InvalidDataException>(() => LearnedScorerModel.FromJson(json, "old.json"));
        Assert.Contains("old.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("[position, length]", e.Message, StringComparison.Ordinal);
        Assert.Contains("zks train-summarizer", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"weights":[1,2]}""", "not a learned scorer weights file")]
    [InlineData("""{"format":"zks-learned-scorer/0","features":["centrality-folded","centrality-words"],"weights":[1,2]}""", "not a learned scorer weights file")]
    [InlineData("""{"format":"zks-learned-scorer/1","features":["centrality-folded","centrality-words"],"weights":[1]}""", "1 weights for 2 features")]
    [InlineData("""{"format":"zks-learned-scorer/1","features":["centrality-folded","centrality-words"],"weights":[1,99999999999]}""", "outside")]
    public void Broken_files_say_what_is_wrong(string json, string problem)
    {
        var e = Assert.Throws<InvalidDataException>(() => LearnedScorerModel.FromJson(json));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
