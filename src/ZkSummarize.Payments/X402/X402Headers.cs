using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZkSummarize.Payments.X402;

/// <summary>A header that is not the base64 JSON x402 expects, with the x402 reason code.</summary>
public sealed class X402FormatException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}

/// <summary>x402 v2 over HTTP: the three headers, each standard base64 of UTF-8 JSON (camelCase).</summary>
public static class X402Headers
{
    public const int Version = 2;
    public const string PaymentRequired = "PAYMENT-REQUIRED";
    public const string PaymentSignature = "PAYMENT-SIGNATURE";
    public const string PaymentResponse = "PAYMENT-RESPONSE";

    /// <summary>Headers longer than this are refused before decoding (a v0 transaction is at most 1,232 bytes).</summary>
    public const int MaxHeaderLength = 16 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectRequiredConstructorParameters = true,
        // A name twice in `extra` or `payload` would otherwise parse, then throw ArgumentException at the first
        // read of that object (found by fuzzing); and which of the two values counts would be a guess.
        AllowDuplicateProperties = false,
    };

    public static string Encode<T>(T value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, Json)));

    /// <exception cref="X402FormatException">Not base64, not JSON of that shape, too long, or the wrong x402 version.</exception>
    public static PaymentPayload DecodePayment(string? header)
    {
        var payload = Decode<PaymentPayload>(header, PaymentSignature);
        if (payload.X402Version != Version) throw new X402FormatException("invalid_x402_version", $"x402 version {payload.X402Version} is not supported; this server speaks version {Version}.");
        return payload;
    }

    public static T Decode<T>(string? header, string name)
    {
        if (string.IsNullOrWhiteSpace(header)) throw new X402FormatException("invalid_payload", $"The {name} header is missing or empty.");
        if (header.Length > MaxHeaderLength) throw new X402FormatException("invalid_payload", $"The {name} header is {header.Length} characters, more than {MaxHeaderLength}.");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(header.Trim());
        }
        catch (FormatException)
        {
            throw new X402FormatException("invalid_payload", $"The {name} header is not standard base64.");
        }
        // The payload's free-form objects (payload, extra, extensions) are read lazily, so a string that is not
        // text (bytes that are not UTF-8, an escaped lone surrogate) would only fail when a field is read, deep
        // in the facilitator (found by fuzzing): refused here instead.
        if (!Solana.JsonText.HoldsOnlyText(bytes)) throw new X402FormatException("invalid_payload", $"The {name} header's JSON has a string that is not valid UTF-8 or UTF-16 text.");
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json) ?? throw new X402FormatException("invalid_payload", $"The {name} header holds JSON null.");
        }
        catch (Exception e) when (e is JsonException or ArgumentException) // ArgumentException: a property named twice in one object
        {
            throw new X402FormatException("invalid_payload", $"The {name} header is not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}
