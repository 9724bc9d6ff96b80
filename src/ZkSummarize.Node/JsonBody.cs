using System.Text;
using System.Text.Json;

namespace ZkSummarize.Node;

/// <summary>
/// Reads a JSON request body and says exactly what is wrong with one that cannot be read: a missing or
/// wrong Content-Type (415), bytes that are not UTF-8, an empty body, broken JSON (with its line and
/// column), or JSON that is not an object (400). ASP.NET's own binding answers these with an empty 400
/// and its messages name .NET types; these answers are RFC 9457 problem details a person can act on.
/// </summary>
public static class JsonBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body's JSON object, or the problem to answer; <paramref name="shape"/> shows what to send.</summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, string shape, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            var sent = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type {request.ContentType}";
            return (default, Problem(StatusCodes.Status415UnsupportedMediaType, "Send JSON", $"The request has {sent}. Send the body as UTF-8 JSON with the header Content-Type: application/json, for example {shape}."));
        }
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, Problem(413, "Body too large", "The request body is larger than this node accepts. Split the document and summarise the parts."));
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Length == 0) return (default, Problem(400, "Empty body", $"The request body is empty. Send {shape}."));
        try
        {
            StrictUtf8.GetCharCount(bytes.Span);
        }
        catch (DecoderFallbackException e)
        {
            return (default, Problem(400, "Not UTF-8", $"The body is not UTF-8: the byte at offset {e.Index} cannot start or continue a character. Encode the document as UTF-8 (JSON requires it)."));
        }
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, Problem(400, "Not a JSON object", $"The body is a JSON {Describe(document.RootElement.ValueKind)}, not an object. Send {shape}."));
            }
            if (!Solana.JsonText.HoldsOnlyText(bytes.Span))
            {
                // Valid JSON, but a string that would throw wherever it is first read (a 500 before this check).
                return (default, Problem(400, "Not text", "A string or property name in the body is not valid UTF-8 or UTF-16 text: it has an escaped lone surrogate, such as \\ud800 without its pair. Send the document as text."));
            }
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {e.BytePositionInLine + 1}" : "";
            return (default, Problem(400, "Invalid JSON", $"The body is not valid JSON{where}. Send {shape}; check quotes, commas, and that characters in strings are escaped (a newline as \\n)."));
        }
    }

    /// <summary>An RFC 9457 problem with a title and a detail that says what to do.</summary>
    /// <param name="error">An x402 reason code (such as invalid_payload), carried as the problem's "error" so that a client can act on it.</param>
    public static IResult Problem(int status, string? title, string detail, string? error = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: error is null ? null : new Dictionary<string, object?> { ["error"] = error });

    /// <summary>How a JSON value is named in messages: "a string", "the number 3", never a .NET type.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {Shorten(value.GetRawText())}",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => $"an {Describe(value.ValueKind)}",
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..37] + "...";

    // application/json, or any +json type (application/problem+json...), in any charset spelling of UTF-8.
    private static bool IsJson(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var type = media.MediaType.Value ?? "";
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        var charset = media.Charset.Value;
        return json && (string.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }
}
