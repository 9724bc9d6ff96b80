using System.Globalization;

namespace ZkSummarize.Cli;

/// <summary>Durations on the command line: whole seconds (<c>90</c>, <c>90s</c>), minutes (<c>10m</c>) or hours (<c>1h</c>).</summary>
internal static class CliDuration
{
    /// <exception cref="ArgumentException">Not a duration of that form, or negative.</exception>
    public static TimeSpan Parse(string? value, string option)
    {
        var text = value?.Trim() ?? "";
        var (number, unit) = text.Length > 0 && char.IsLetter(text[^1]) ? (text[..^1], char.ToLowerInvariant(text[^1])) : (text, 's');
        var scale = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 0 };
        return scale > 0 && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= int.MaxValue / scale
            ? TimeSpan.FromSeconds(count * scale)
            : throw new ArgumentException($"{option} must be a duration such as 90, 90s, 10m or 1h, not '{value}'.");
    }
}
