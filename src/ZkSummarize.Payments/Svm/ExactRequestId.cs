using System.Security.Cryptography;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Svm;

/// <summary>
/// The request id of an `exact` payment (docs/x402-escrow-scheme.md, "Attesting exact payments"): SHA-256 of
/// the payment transaction's message with the top three bits cleared, so it is a field element. The
/// message is the same before and after the facilitator co-signs, so anyone holding the settled
/// transaction can recompute it, and one payment can only ever be one request.
/// </summary>
public static class ExactRequestId
{
    public static byte[] Of(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var id = SHA256.HashData(transaction.MessageBytes);
        id[0] &= 0x1F;
        return id;
    }

    /// <summary>The request id of a base64 transaction, or null if it is not one.</summary>
    public static byte[]? TryOf(string? base64Transaction)
    {
        if (string.IsNullOrEmpty(base64Transaction)) return null;
        try
        {
            return Of(Transaction.FromBase64(base64Transaction));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
