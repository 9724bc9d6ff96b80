using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZkSummarize.Payments.X402;

/// <summary>The <c>payment-identifier</c> extension (specs/extensions/payment_identifier.md): a client-chosen idempotency key.</summary>
public static partial class PaymentIdentifier
{
    public const string Name = "payment-identifier";

    /// <summary>What a server puts in <c>PaymentRequired.extensions</c> to advertise it.</summary>
    public static JsonObject Advertise(bool required = false) => new()
    {
        [Name] = new JsonObject
        {
            ["info"] = new JsonObject { ["required"] = required },
            ["schema"] = JsonNode.Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"required":{"type":"boolean"},"id":{"type":"string","minLength":16,"maxLength":128}},"required":["required"]}"""),
        },
    };

    /// <summary>The id in a payment, null when there is none.</summary>
    /// <exception cref="X402FormatException">
    /// An id that is not 16–128 of A–Z, a–z, 0–9, '-', '_', or an extension or its info that is not an object.
    /// </exception>
    public static string? Read(PaymentPayload payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        // Indexing a JSON string or array by name throws, so each level is checked to be an object first
        // (AFL++ found `"payment-identifier": "exact"` answered with a 500).
        var extension = payment.Extensions?[Name];
        if (extension is null) return null;
        if (extension is not JsonObject extensionObject || extensionObject["info"] is not (null or JsonObject))
        {
            throw new X402FormatException("invalid_payload", "The payment-identifier extension must be an object whose info is an object holding the id.");
        }
        var node = extensionObject["info"]?["id"];
        if (node is null) return null;
        var id = node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : null;
        return id is not null && Format().IsMatch(id)
            ? id
            : throw new X402FormatException("invalid_payload", "The payment-identifier id must be 16 to 128 characters of A-Z, a-z, 0-9, '-' and '_'.");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{16,128}$")]
    private static partial Regex Format();
}
