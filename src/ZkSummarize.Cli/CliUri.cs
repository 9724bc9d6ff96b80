namespace ZkSummarize.Cli;

/// <summary>URL options, parsed here so that a typo gets a message naming the option.</summary>
internal static class CliUri
{
    /// <exception cref="ArgumentException">Not an absolute http(s) URL.</exception>
    public static Uri Parse(string? value, string option) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"{option} must be an absolute http(s) URL such as http://127.0.0.1:8899, not '{value}'.");
}
