using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Evaluation;
using ZkSummarize.Summarization.Learned;
using ZkSummarize.Summarization.Learned.Training;

namespace ZkSummarize.Cli.Evaluation;

/// <summary>
/// `zks train-summarizer --data DIR --out FILE [--cross-validate]`: trains the learned scorer's weights
/// on a reference set and writes the weights file. Retraining the shipped model is this one command
/// with --out src/ZkSummarize.Summarization/Learned/learned-scorer.json, then a build.
/// </summary>
internal static class TrainSummarizerCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "A reference set laid out as article/<topic>/<n>.txt and summary/<topic>/<n>.txt (for example ../shared/data/bbc-news-summary-full).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the weights (the shipped file is src/ZkSummarize.Summarization/Learned/learned-scorer.json).", Required = true };
        var crossValidate = new Option<bool>("--cross-validate") { Description = "Also train once per topic without it and report sentence F1 on that topic." };
        var command = new Command("train-summarizer", "Train the learned extractive scorer on reference summaries and write its weights file.") { data, output, crossValidate };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await RunAsync(parse.GetValue(data)!, parse.GetValue(output)!, parse.GetValue(crossValidate), ct);
            }
            catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException or DocumentException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Training failed:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo data, FileInfo output, bool crossValidate, CancellationToken ct)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160; // keep the table and paths on their lines in logs
        var articles = ReferenceSet.Load(data.FullName);
        var topics = articles.GroupBy(a => a.Topic).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        AnsiConsole.MarkupLineInterpolated($"Loaded {articles.Count} articles from {data.FullName} ({string.Join(", ", topics)}).");
        if (crossValidate)
        {
            var folds = ScorerTrainer.CrossValidate(articles, data.Name, ct);
            var table = new Table().Title("Cross-validation by topic (trained without the topic, scored on it)");
            foreach (var column in new[] { "held-out topic", "articles", "weights", "sentence F1" }) table.AddColumn(column);
            foreach (var fold in folds) table.AddRow(fold.Topic, fold.Articles.ToString(CultureInfo.InvariantCulture), string.Join(", ", fold.Model.Weights), F(fold.SentenceF1));
            table.AddRow("all", folds.Sum(f => f.Articles).ToString(CultureInfo.InvariantCulture), "", F(folds.Sum(f => f.SentenceF1 * f.Articles) / folds.Sum(f => f.Articles)));
            AnsiConsole.Write(table);
        }
        var model = ScorerTrainer.Train(articles, data.Name, ct);
        try
        {
            await model.SaveAsync(output.FullName, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Cannot write the weights file:[/] {e.Message} Check that the folder exists and is writable.");
            return ExitCodes.Failure;
        }
        var weights = string.Join(", ", model.Features.Zip(model.Weights, (f, w) => $"{f} {w}"));
        AnsiConsole.MarkupLineInterpolated($"[green]✓[/] Trained on {articles.Count} articles ({weights}; sentence F1 on the training articles {F(model.Training!.SentenceF1)}). Weights written to {output.FullName}.");
        return ExitCodes.Success;
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
