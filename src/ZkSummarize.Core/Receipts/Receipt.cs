using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZkSummarize.Core.Receipts;

/// <summary>One summary sentence as the receipt records it: its index in the document and its exact text.</summary>
public sealed record ReceiptSentence(int Index, string Text);

/// <summary>
/// Everything needed to check a paid summary independently (docs/receipts.md): the proof offline, the
/// attestation on chain. Field elements and byte strings are lowercase hex (32 bytes, big-endian);
/// the proof and the verifying key are in the alt_bn128 byte layout of docs/commitments.md §7.
/// </summary>
public sealed record Receipt
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required string RequestId { get; init; }

    public required string DocRoot { get; init; }

    public required IReadOnlyList<ReceiptSentence> Summary { get; init; }

    public required string SummaryHash { get; init; }

    /// <summary>The worker's Solana public key (base58, for people and explorers).</summary>
    public required string Worker { get; init; }

    /// <summary>The same key as hex: its field form (top three bits cleared) is the fourth public input.</summary>
    public required string WorkerKey { get; init; }

    /// <summary>(−A)‖B‖C, 256 bytes, hex.</summary>
    public required string Proof { get; init; }

    /// <summary>docRoot, summaryHash, requestId, workerField, hex.</summary>
    public required IReadOnlyList<string> PublicInputs { get; init; }

    /// <summary>α‖β‖γ‖δ‖IC0..IC4, 768 bytes, hex; the chain's config holds the same bytes.</summary>
    public required string VerifyingKey { get; init; }

    /// <summary>SHA-256 of the verifying key's bytes, hex.</summary>
    public required string VerifyingKeyHash { get; init; }

    /// <summary>The escrow program (base58).</summary>
    public required string ProgramId { get; init; }

    /// <summary>The attestation account (base58).</summary>
    public required string Attestation { get; init; }

    /// <summary>Transaction signatures by step, such as "openEscrow" and "attest".</summary>
    public required IReadOnlyDictionary<string, string> Transactions { get; init; }

    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The receipt of a proven and attested summary.</summary>
    /// <param name="worker">The worker's key: base58 for people, bytes for the proof.</param>
    public static Receipt Create(byte[] requestId, Commitments.DocumentCommitment commitment, IEnumerable<Documents.Sentence> summary, Proving.GroundingProof proof,
        (string Base58, byte[] Bytes) worker, byte[] verifyingKey, string programId, string attestation, IReadOnlyDictionary<string, string> transactions)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(proof);
        static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
        return new Receipt
        {
            RequestId = Hex(requestId),
            DocRoot = Hex(commitment.DocRoot.ToBytesBigEndian()),
            Summary = summary.Select(s => new ReceiptSentence(s.Index, s.Text)).ToArray(),
            SummaryHash = Hex(proof.PublicInputs[1].ToBytesBigEndian()),
            Worker = worker.Base58,
            WorkerKey = Hex(worker.Bytes),
            Proof = Hex(proof.ToSolanaBytes()),
            PublicInputs = proof.PublicInputs.Select(p => Hex(p.ToBytesBigEndian())).ToArray(),
            VerifyingKey = Hex(verifyingKey),
            VerifyingKeyHash = Hash(verifyingKey),
            ProgramId = programId,
            Attestation = attestation,
            Transactions = transactions,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <exception cref="FormatException">Not a receipt of a version we read.</exception>
    public static Receipt FromJson(string json)
    {
        Receipt? receipt;
        try
        {
            receipt = JsonSerializer.Deserialize<Receipt>(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The receipt is not valid receipt JSON: {e.Message}", e);
        }
        if (receipt is null) throw new FormatException("The receipt is empty.");
        if (receipt.Version != CurrentVersion) throw new FormatException($"Receipt version {receipt.Version} is not supported (this zks reads version {CurrentVersion}).");
        return receipt;
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
