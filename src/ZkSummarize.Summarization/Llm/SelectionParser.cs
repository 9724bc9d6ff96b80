using System.Text.Json;

namespace ZkSummarize.Summarization.Llm;

/// <summary>Reads the model's answer, trusting nothing about it.</summary>
internal static class SelectionParser
{
    private const int MaxAnswerCharacters = 20_000;

    /// <summary>The indices, or what is wrong with the answer.</summary>
    public static (IReadOnlyList<int>? Indices, string? Problem) Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer)) return (null, "the answer is empty");
        if (answer.Length > MaxAnswerCharacters) return (null, $"the answer is {answer.Length} characters long, far more than a list of numbers needs");
        var json = StripCodeFence(answer.Trim());
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("indices", out var array))
            {
                return (null, "the answer is not a JSON object with an \"indices\" property");
            }
            if (array.ValueKind != JsonValueKind.Array) return (null, "\"indices\" is not an array");
            var indices = new List<int>();
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var index))
                {
                    return (null, $"\"indices\" holds {Describe(item)}, not a sentence number");
                }
                indices.Add(index);
            }
            return (indices, null);
        }
        catch (JsonException e)
        {
            return (null, $"the answer is not valid JSON ({e.Message})");
        }
    }

    // Models often wrap JSON in a Markdown fence even when told not to; that much is harmless.
    private static string StripCodeFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6) return text;
        var body = text[3..^3];
        var newline = body.IndexOf('\n', StringComparison.Ordinal);
        return newline >= 0 && !body[..newline].Contains('{', StringComparison.Ordinal) ? body[(newline + 1)..] : body;
    }

    private static string Describe(JsonElement item)
    {
        var raw = item.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }
}
