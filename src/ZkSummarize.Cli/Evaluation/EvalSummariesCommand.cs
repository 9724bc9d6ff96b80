using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization;
using ZkSummarize.Summarization.Evaluation;
using ZkSummarize.Summarization.Extractive;

namespace ZkSummarize.Cli.Evaluation;

/// <summary>
/// `zks eval-summaries --data DIR [--peers] [--cross-topic]`: scores our learned default, our TextRank,
/// Lead-N and (with --peers) independent npm summarizers against reference extractive summaries, with
/// our ROUGE, js-rouge and sentence-level precision and recall. The sentence count is the reference's.
/// With --cross-topic every article is summarised by weights trained on the set's other topics, so
/// the learned scorer is measured only on topics it never saw.
/// </summary>
internal static class EvalSummariesCommand
{
    public const string Ours = "zks learned (ours)";
    public const string OurTextRank = "zks textrank (ours, before)";
    public const string LeadN = "Lead-N";

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "A reference set laid out as article/<topic>/<n>.txt and summary/<topic>/<n>.txt (for example ../shared/data/bbc-news-summary).", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only this many articles (alternating topics)." };
        var peers = new Option<bool>("--peers") { Description = "Also run the npm peers (ts-textrank, node-summarizer, lexrank) and score everything with js-rouge." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the scores as JSON to this file." };
        var crossTopic = new Option<bool>("--cross-topic") { Description = "Score the learned scorer by cross-validation over the set's topics: each topic is summarised by weights trained on the others." };
        var weights = new Option<FileInfo?>("--weights") { Description = "Score this weights file (from `zks train-summarizer`) instead of the shipped one." };
        var command = new Command("eval-summaries", "Measure summary quality against reference summaries, beside Lead-N and independent peers.") { data, limit, peers, json, crossTopic, weights };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var options = new Options(parse.GetValue(data)!, parse.GetValue(limit), parse.GetValue(peers), parse.GetValue(json), parse.GetValue(crossTopic), parse.GetValue(weights));
                await RunAsync(options, ct);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or InvalidDataException or InvalidOperationException or DocumentException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The evaluation failed:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private sealed record Options(DirectoryInfo Data, int? Limit, bool Peers, FileInfo? Json, bool CrossTopic, FileInfo? Weights);

    private static async Task RunAsync(Options options, CancellationToken ct)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160; // keep the tables readable in logs
        var (data, limit, withPeers, jsonFile) = (options.Data, options.Limit, options.Peers, options.Json);
        var articles = ReferenceSet.Load(data.FullName, limit);
        AnsiConsole.MarkupLineInterpolated($"Loaded {articles.Count} articles from {data.FullName}.");
        var documents = articles.ToDictionary(a => a.Id, a => Document.Parse(a.Body));
        var learned = await OurSummarizers.LearnedAsync(articles, options.Data.Name, options.CrossTopic, options.Weights, ct);

        var clock = Stopwatch.StartNew();
        var ours = await OurSummarizers.SummarizeAsync(articles, documents, learned, ct);
        clock.Stop();
        var textRank = new TextRankSummarizer();
        var before = await OurSummarizers.SummarizeAsync(articles, documents, _ => textRank, ct);
        var lead = articles.ToDictionary(a => a.Id, a => OurSummarizers.FromSentences(documents[a.Id].Sentences.Take(a.ReferenceSentences.Count).Select(s => s.Text)));

        var outputs = new Dictionary<string, IReadOnlyDictionary<string, SystemOutput>> { [Ours] = ours, [OurTextRank] = before, [LeadN] = lead };
        NodePeers.Result? peerResult = null;
        if (withPeers)
        {
            peerResult = await AnsiConsole.Status().StartAsync("Running the npm peers and js-rouge…", _ => NodePeers.RunAsync(articles, outputs, ct));
            foreach (var (peer, byArticle) in peerResult.PeerOutputs)
            {
                outputs[peer] = byArticle.ToDictionary(p => p.Key, p => new SystemOutput(p.Value,
                    SentenceMatcher.Match(documents[p.Key], p.Value).Select(s => s.Text).ToArray()));
            }
        }

        var overall = SummaryEvaluation.Score(articles, outputs, peerResult?.JsRouge);
        var byTopic = articles.GroupBy(a => a.Topic).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => SummaryEvaluation.Score(g.ToList(), outputs, peerResult?.JsRouge));
        Print(overall, byTopic);
        var perSecond = articles.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        AnsiConsole.MarkupLineInterpolated($"Speed, {articles.Count} documents, one thread, first-call warm-up included: ours {clock.Elapsed.TotalMilliseconds:0.0} ms ({perSecond:0} documents/s)");
        foreach (var (peer, ms) in peerResult?.Milliseconds ?? new Dictionary<string, double>())
        {
            AnsiConsole.MarkupLineInterpolated($"    {peer} {ms:0.0} ms ({articles.Count / Math.Max(ms / 1000, 1e-9):0} documents/s, node)");
        }

        if (jsonFile is not null)
        {
            await File.WriteAllTextAsync(jsonFile.FullName, JsonSerializer.Serialize(new { articles = articles.Count, crossTopic = options.CrossTopic, overall, byTopic }, Indented), ct);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static void Print(IReadOnlyList<SystemScores> overall, Dictionary<string, IReadOnlyList<SystemScores>> byTopic)
    {
        var table = new Table().Title("Summary quality (F1 unless named; N = the reference's sentence count)");
        foreach (var column in new[] { "system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "js-rouge 1", "js-rouge 2", "js-rouge L", "sent. P", "sent. R", "sent. F1" })
        {
            table.AddColumn(column);
        }
        foreach (var s in overall.OrderByDescending(s => s.SentenceF1))
        {
            table.AddRow(s.System, F(s.Rouge1), F(s.Rouge2), F(s.RougeL), F(s.JsRouge1), F(s.JsRouge2), F(s.JsRougeL), F(s.SentencePrecision), F(s.SentenceRecall), F(s.SentenceF1));
        }
        AnsiConsole.Write(table);

        var topics = new Table().Title("By topic: sentence F1 / ROUGE-2 F1");
        topics.AddColumn("system");
        foreach (var topic in byTopic.Keys) topics.AddColumn(topic);
        foreach (var s in overall.OrderByDescending(s => s.SentenceF1))
        {
            topics.AddRow([s.System, .. byTopic.Values.Select(scores => scores.Single(x => x.System == s.System)).Select(x => $"{F(x.SentenceF1)} / {F(x.Rouge2)}")]);
        }
        AnsiConsole.Write(topics);
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "–";
}
