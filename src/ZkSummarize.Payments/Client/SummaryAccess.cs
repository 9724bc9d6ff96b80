using System.Text;
using ZkSummarize.Solana;

namespace ZkSummarize.Payments.Client;

/// <summary>
/// How the payer of a summary reads it again (GET /v1/summaries/{id}, gRPC WatchJob and GetReceipt): an
/// Ed25519 signature by the paying key over "zksummarize read &lt;requestId&gt;". Request ids and payment
/// transactions are public on chain, so anything rebuilt from them (even the payment header itself) is not
/// proof of being the payer; this signature is, and only the payer can make it.
/// </summary>
public static class SummaryAccess
{
    /// <summary>The HTTP header that carries the signature (base58).</summary>
    public const string Header = "PAYER-SIGNATURE";

    public static byte[] Message(string requestId) => Encoding.UTF8.GetBytes($"zksummarize read {requestId}");

    /// <summary>The payer's signature for reading <paramref name="requestId"/>, base58.</summary>
    public static string Sign(Keypair payer, string requestId)
    {
        ArgumentNullException.ThrowIfNull(payer);
        return Base58.Encode(payer.Sign(Message(requestId)));
    }

    /// <summary>Whether <paramref name="signature"/> is <paramref name="payer"/>'s signature for reading <paramref name="requestId"/>.</summary>
    public static bool Verify(string? payer, string requestId, string? signature)
    {
        if (string.IsNullOrEmpty(payer) || string.IsNullOrEmpty(signature) || !PublicKey.TryParse(payer, out var key)) return false;
        return Base58.TryDecode(signature, out var bytes, out _) && bytes.Length == 64 && Keypair.Verify(key, Message(requestId), bytes);
    }
}
