using ZkSummarize.Summarization.Learned;
using ZkSummarize.Testing;

namespace ZkSummarize.Cli.Tests;

/// <summary>`zks train-summarizer`, the one command that retrains the shipped weights, run as a user runs it.</summary>
public sealed class TrainSummarizerCommandTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Trains_cross_validates_and_writes_a_weights_file_the_product_and_the_evaluation_load()
    {
        var data = SyntheticReferenceSet.Write(Path.Combine(Path.GetTempPath(), $"zks-refset-{Guid.NewGuid():N}"));
        var weights = Path.Combine(data, "weights.json");
        try
        {
            var run = await ZksProcess.RunAsync(["train-summarizer", "--data", data, "--out", weights, "--cross-validate"], Ct);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            Assert.Contains("Cross-validation by topic", run.Output, StringComparison.Ordinal);
            Assert.Contains("Weights written to", run.Output, StringComparison.Ordinal);

            var model = await LearnedScorerModel.LoadAsync(weights, Ct);
            Assert.Equal(SentenceFeatures.Names, model.Features);
            Assert.Equal(12, model.Training!.Articles);
            Assert.Equal(Path.GetFileName(data), model.Training.Data);

            var eval = await ZksProcess.RunAsync(["eval-summaries", "--data", data, "--weights", weights], Ct);
            Assert.True(eval.ExitCode == 0, eval.Output + eval.Error);
            Assert.Contains("Learned scorer:", eval.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_data_folder_fails_with_a_clear_message()
    {
        var run = await ZksProcess.RunAsync(["train-summarizer", "--data", Path.Combine(Path.GetTempPath(), "no-such-set"), "--out", Path.Combine(Path.GetTempPath(), "w.json")], Ct);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No reference set at", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_output_fails_with_a_clear_message()
    {
        var data = SyntheticReferenceSet.Write(Path.Combine(Path.GetTempPath(), $"zks-refset-{Guid.NewGuid():N}"));
        try
        {
            var run = await ZksProcess.RunAsync(["train-summarizer", "--data", data, "--out", Path.Combine(data, "no-such-folder", "w.json")], Ct);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("Cannot write the weights file", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
