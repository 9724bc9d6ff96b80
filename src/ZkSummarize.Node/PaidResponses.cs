using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ZkSummarize.Node;

/// <summary>The answer to a paid request, kept so that a retry with the same payment id gets the same answer.</summary>
public sealed record PaidResponse(string PaymentHash, SummaryResponse Body, string PaymentResponseHeader);

/// <summary>
/// Answers by payment-identifier id (specs/extensions/payment_identifier.md): the same id with the same
/// payment gets the cached answer; the same id with another payment is a conflict. (In memory; the
/// SummaryJob grain makes it durable.)
/// </summary>
public sealed class PaidResponses
{
    private readonly ConcurrentDictionary<string, PaidResponse> _byId = new(StringComparer.Ordinal);

    public static string Hash(string paymentHeader) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(paymentHeader)));

    public PaidResponse? Find(string id) => _byId.GetValueOrDefault(id);

    public void Remember(string id, PaidResponse response) => _byId.TryAdd(id, response);
}
