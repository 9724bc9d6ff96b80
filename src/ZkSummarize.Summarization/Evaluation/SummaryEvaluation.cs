namespace ZkSummarize.Summarization.Evaluation;

/// <summary>What one system produced for one article: its text units and the document sentences they are.</summary>
public sealed record SystemOutput(IReadOnlyList<string> Text, IReadOnlyList<string> Sentences);

/// <summary>Scores averaged over articles (macro average), as F1 unless named otherwise.</summary>
public sealed record SystemScores(
    string System, int Articles, double Rouge1, double Rouge2, double RougeL,
    double SentencePrecision, double SentenceRecall, double SentenceF1,
    double? JsRouge1 = null, double? JsRouge2 = null, double? JsRougeL = null);

/// <summary>Scores every system against the reference sentences of every article.</summary>
public static class SummaryEvaluation
{
    /// <param name="outputs">system → article id → output.</param>
    /// <param name="jsRouge">Optional independent ROUGE: system → article id → (r1, r2, rl).</param>
    public static IReadOnlyList<SystemScores> Score(
        IReadOnlyList<ReferenceArticle> articles,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, SystemOutput>> outputs,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, (double R1, double R2, double RL)>>? jsRouge = null)
    {
        var results = new List<SystemScores>();
        foreach (var (system, byArticle) in outputs)
        {
            var rows = articles.Select(article =>
            {
                var output = byArticle.TryGetValue(article.Id, out var o) ? o : new SystemOutput([], []);
                var candidate = string.Join(' ', output.Text);
                var reference = string.Join(' ', article.ReferenceSentences);
                var hits = output.Sentences.Distinct(StringComparer.Ordinal).Count(article.ReferenceSentences.Contains);
                var precision = output.Sentences.Count == 0 ? 0 : (double)hits / output.Sentences.Count;
                var recall = (double)hits / article.ReferenceSentences.Count;
                var js = jsRouge?.GetValueOrDefault(system)?.TryGetValue(article.Id, out var j) == true ? j : ((double, double, double)?)null;
                return (R1: Rouge.N(candidate, reference, 1), R2: Rouge.N(candidate, reference, 2), RL: Rouge.L(output.Text, article.ReferenceSentences),
                    P: precision, R: recall, F: Rouge.F1(hits, output.Sentences.Count, article.ReferenceSentences.Count), Js: js);
            }).ToList();
            var haveJs = rows.Count > 0 && rows.All(r => r.Js is not null);
            results.Add(new SystemScores(system, rows.Count,
                rows.Average(r => r.R1), rows.Average(r => r.R2), rows.Average(r => r.RL),
                rows.Average(r => r.P), rows.Average(r => r.R), rows.Average(r => r.F),
                haveJs ? rows.Average(r => r.Js!.Value.Item1) : null,
                haveJs ? rows.Average(r => r.Js!.Value.Item2) : null,
                haveJs ? rows.Average(r => r.Js!.Value.Item3) : null));
        }
        return results;
    }
}
