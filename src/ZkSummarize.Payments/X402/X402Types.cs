using System.Text.Json.Nodes;

namespace ZkSummarize.Payments.X402;

/// <summary>The protected resource (x402 v2 §5.1.2).</summary>
public sealed record ResourceInfo(string Url, string? Description = null, string? MimeType = null);

/// <summary>One way to pay that the server accepts (x402 v2 §5.1.2).</summary>
public sealed record PaymentRequirements(
    string Scheme, string Network, string Amount, string Asset, string PayTo, int MaxTimeoutSeconds, JsonObject? Extra = null);

/// <summary>The body of the <c>PAYMENT-REQUIRED</c> header of a 402 answer.</summary>
public sealed record PaymentRequired(int X402Version, ResourceInfo Resource, IReadOnlyList<PaymentRequirements> Accepts, string? Error = null, JsonObject? Extensions = null);

/// <summary>The body of the client's <c>PAYMENT-SIGNATURE</c> header.</summary>
public sealed record PaymentPayload(int X402Version, PaymentRequirements Accepted, JsonObject Payload, ResourceInfo? Resource = null, JsonObject? Extensions = null);

/// <summary>A facilitator's answer to /verify.</summary>
public sealed record VerifyResponse(bool IsValid, string? InvalidReason = null, string? Payer = null)
{
    public static VerifyResponse Invalid(string reason, string? payer = null) => new(false, reason, payer);
}

/// <summary>The body of <c>PAYMENT-RESPONSE</c>, and a facilitator's answer to /settle.</summary>
public sealed record SettlementResponse(bool Success, string Transaction, string Network, string? Payer = null, string? ErrorReason = null, string? Amount = null);
