using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZkSummarize.Payments.X402;

/// <summary>
/// Reading the scheme-specific fields of <c>extra</c> the same way whether the JSON was parsed (numbers are
/// JSON elements) or built in memory (numbers are int or long), and never throwing on a wrong type: a field
/// of the wrong type reads as missing.
/// </summary>
public static class ExtraFields
{
    public static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number : null;
}
