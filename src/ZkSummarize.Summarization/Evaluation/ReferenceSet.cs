namespace ZkSummarize.Summarization.Evaluation;

/// <summary>An article with a human extractive summary, from a folder laid out like the BBC News Summary set.</summary>
public sealed record ReferenceArticle(string Id, string Topic, string Title, string Body, IReadOnlyList<string> ReferenceSentences);

/// <summary>
/// Loads <c>article/&lt;topic&gt;/&lt;n&gt;.txt</c> (title on the first line, then the body) paired with
/// <c>summary/&lt;topic&gt;/&lt;n&gt;.txt</c> (one reference sentence a line).
/// </summary>
public static class ReferenceSet
{
    /// <param name="limit">Take only this many articles, alternating between topics.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not have that layout.</exception>
    public static IReadOnlyList<ReferenceArticle> Load(string directory, int? limit = null)
    {
        var articles = Path.Combine(directory, "article");
        if (!Directory.Exists(articles))
        {
            throw new DirectoryNotFoundException($"No reference set at {directory}: expected article/<topic>/<n>.txt and summary/<topic>/<n>.txt below it.");
        }
        var loaded = Directory.GetFiles(articles, "*.txt", SearchOption.AllDirectories)
            .Select(path => Read(directory, path))
            .OrderBy(a => Path.GetFileName(a.Id), StringComparer.Ordinal)
            .ThenBy(a => a.Topic, StringComparer.Ordinal);
        return (limit is { } n ? loaded.Take(n) : loaded).ToList();
    }

    private static ReferenceArticle Read(string root, string articlePath)
    {
        var topic = Path.GetFileName(Path.GetDirectoryName(articlePath))!;
        var name = Path.GetFileNameWithoutExtension(articlePath);
        var text = File.ReadAllText(articlePath).Replace("\r\n", "\n", StringComparison.Ordinal);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var summaryPath = Path.Combine(root, "summary", topic, name + ".txt");
        if (newline < 0 || !File.Exists(summaryPath))
        {
            throw new InvalidDataException($"{articlePath}: expected a title line, a body and a summary at {summaryPath}.");
        }
        var reference = File.ReadAllLines(summaryPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return new ReferenceArticle($"{topic}/{name}", topic, text[..newline].Trim(), text[(newline + 1)..].Trim(), reference);
    }
}
