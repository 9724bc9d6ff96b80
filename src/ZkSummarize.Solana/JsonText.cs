using System.Text.Json;

namespace ZkSummarize.Solana;

/// <summary>
/// System.Text.Json parses strings lazily: bytes that are not UTF-8, or an escaped lone surrogate ("\ud800"),
/// parse, and then throw InvalidOperationException wherever the string is first read. Outside JSON (RPC
/// replies, x402 headers) is checked once, up front, so that its readers can say "malformed" instead (found by fuzzing).
/// </summary>
public static class JsonText
{
    /// <summary>Whether every string and property name in the JSON decodes to text. Malformed JSON is left to the parser, which says where.</summary>
    public static bool HoldsOnlyText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) _ = reader.GetString();
            }
            return true;
        }
        catch (JsonException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
