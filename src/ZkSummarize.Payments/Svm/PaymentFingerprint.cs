using System.Security.Cryptography;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Svm;

/// <summary>
/// What makes two SVM payments the same payment: the transaction's message (the bytes every signature
/// covers), not the header's text. Whitespace, key order or a re-encoded base64 make a new header, never a
/// new payment, so replay checks and idempotency keys use this.
/// </summary>
public static class PaymentFingerprint
{
    /// <summary>SHA-256 of the payment transaction's message, hex; null when the payload holds no decodable transaction.</summary>
    public static string? Of(PaymentPayload payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var base64 = ExtraFields.Text(payment.Payload["transaction"]);
        if (string.IsNullOrEmpty(base64)) return null;
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(Transaction.FromBase64(base64).MessageBytes));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
