using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node.Mcp;

/// <summary>
/// x402 over the Model Context Protocol, the tool-result binding of x402's specs/transports-v2/mcp.md: a
/// paid tool called without a payment answers a tool error whose structured content (and first text block,
/// as JSON) is x402's PaymentRequired; the client calls again with its PaymentPayload in
/// <c>_meta["x402/payment"]</c>, and the result carries the SettlementResponse in
/// <c>_meta["x402/payment-response"]</c>. It is the binding every MCP revision can carry, so any MCP client
/// with an x402 client beside it can pay.
/// </summary>
public static class X402Mcp
{
    public const string PaymentKey = "x402/payment";
    public const string PaymentResponseKey = "x402/payment-response";

    /// <summary>
    /// The payment in a request's <c>_meta</c>, as the base64 header <see cref="PaidSummaries"/> reads (the
    /// HTTP transport's form, so every transport settles through one path); null when there is none.
    /// </summary>
    /// <exception cref="X402FormatException">The entry is not a PaymentPayload object.</exception>
    public static string? PaymentHeader(JsonObject? meta)
    {
        if (meta?[PaymentKey] is not { } entry) return null;
        if (entry is not JsonObject payment) throw new X402FormatException("invalid_payload", $"_meta[\"{PaymentKey}\"] must be an x402 PaymentPayload object, not {entry.GetValueKind()}.");
        try
        {
            _ = payment.Deserialize<PaymentPayload>(X402Headers.Json) ?? throw new JsonException("it is null");
        }
        catch (JsonException e)
        {
            throw new X402FormatException("invalid_payload", $"_meta[\"{PaymentKey}\"] is not an x402 PaymentPayload: {e.Message}");
        }
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(payment.ToJsonString()));
    }

    /// <summary>A tool result asking for payment: PaymentRequired in structuredContent and, as JSON text, in content[0] (both MUSTs of the binding).</summary>
    public static CallToolResult PaymentRequired(PaymentRequired required) => new()
    {
        IsError = true,
        StructuredContent = JsonSerializer.SerializeToElement(required, X402Headers.Json),
        Content = [new TextContentBlock { Text = JsonSerializer.Serialize(required, X402Headers.Json) }],
    };

    /// <summary>The result with the payment's settlement in <c>_meta["x402/payment-response"]</c>: a paid call always says what happened to the money.</summary>
    public static CallToolResult WithSettlement(CallToolResult result, SettlementResponse settlement)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Meta ??= [];
        result.Meta[PaymentResponseKey] = JsonSerializer.SerializeToNode(settlement, X402Headers.Json);
        return result;
    }

    /// <summary>A tool error with a sentence that says what was wrong and what to do.</summary>
    public static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };
}
