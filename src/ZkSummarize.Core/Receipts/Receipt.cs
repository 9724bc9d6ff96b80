using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Core.Receipts;

/// <summary>One summary sentence as the receipt records it: its index in the document and its exact text.</summary>
public sealed record ReceiptSentence(int Index, string Text);

/// <summary>
/// Which text a receipt's docRoot commits, so that whoever holds a file can tell whether it is that text
/// without our code: <paramref name="Sha256"/> and <paramref name="Utf8Bytes"/> are of the text as the
/// client submitted it (compare with sha256sum); <paramref name="NormalizedSha256"/> is of its normalised
/// form, which the sentences are cut from (docs/commitments.md §2); <paramref name="Sentences"/> counts them.
/// <paramref name="Sha256"/> is null when the receipt's maker did not have the submitted text.
/// </summary>
public sealed record CommittedText(string? Sha256, int? Utf8Bytes, string NormalizedSha256, int Sentences)
{
    public static CommittedText Of(Documents.Document document, string? submittedText)
    {
        ArgumentNullException.ThrowIfNull(document);
        var submitted = submittedText is null ? null : Encoding.UTF8.GetBytes(submittedText);
        return new CommittedText(submitted is null ? null : Receipt.Hash(submitted), submitted?.Length,
            Receipt.Hash(Encoding.UTF8.GetBytes(document.NormalizedText)), document.Sentences.Count);
    }
}

/// <summary>How a receipt's summary was paid, which says where its attestation lives.</summary>
public static class Settlements
{
    /// <summary>An escrow released by the attestation at ["attest", requestId].</summary>
    public const string Escrow = "escrow";

    /// <summary>Paid outside escrow (x402 `exact`): a direct attestation at ["direct", worker, requestId], no money moved on chain.</summary>
    public const string Direct = "direct";
}

/// <summary>
/// Everything needed to check a paid summary independently (docs/receipts.md): the proof offline, under
/// the key pinned for the receipt's network, and the attestation on chain. Field elements and byte
/// strings are lowercase hex (32 bytes, big-endian); the proof is in the alt_bn128 byte layout of
/// docs/commitments.md §7.
/// </summary>
public sealed record Receipt
{
    public const int CurrentVersion = 2;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The chain (CAIP-2), which decides the verifying key a verifier accepts (<see cref="TrustedKeys"/>).</summary>
    public required string Network { get; init; }

    /// <summary>The escrow program (base58).</summary>
    public required string ProgramId { get; init; }

    /// <summary><see cref="Settlements.Escrow"/> or <see cref="Settlements.Direct"/>.</summary>
    public required string Settlement { get; init; }

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

    /// <summary>
    /// The same proof in snarkjs's proof.json form (pi_a, pi_b, pi_c as decimal strings), for
    /// `snarkjs groth16 verify` without our code (docs/receipts.md). Absent in receipts made before it was added.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? SnarkjsProof { get; init; }

    /// <summary>The public inputs as snarkjs's public.json: decimal strings, in <see cref="PublicInputs"/>' order. Absent in older receipts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? PublicSignals { get; init; }

    /// <summary>Which text docRoot commits (hashes and a count, never the text). Absent in older receipts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CommittedText? CommittedText { get; init; }

    /// <summary>SHA-256 of the 768-byte verifying key the proof was made under; a verifier checks the proof with the key pinned for <see cref="Network"/>, never with one the receipt carries.</summary>
    public required string VerifyingKeyHash { get; init; }

    /// <summary>
    /// The member of the grounding family the proof was made with (circuits/README.md), such as grounding_d6k4:
    /// the node proves with the smallest that fits. Its key is the one <see cref="VerifyingKeyHash"/> names; a
    /// verifier checks that the pinned key of that hash is this circuit's. Absent in receipts made before the family.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Circuit { get; init; }

    /// <summary>Which key that is, as the node saw it (for people; verifiers look the hash up themselves).</summary>
    public required string VerifyingKeyName { get; init; }

    /// <summary>True when the proof was made under a key whose secrets are public (the development key): it proves nothing.</summary>
    public required bool Forgeable { get; init; }

    /// <summary>The attestation account (base58).</summary>
    public required string Attestation { get; init; }

    /// <summary>Transaction signatures by step, such as "openEscrow" and "attest".</summary>
    public required IReadOnlyDictionary<string, string> Transactions { get; init; }

    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The leaves of the summary sentences, in order (docs/commitments.md §3).</summary>
    public IReadOnlyList<Fr> SummaryLeaves() => Summary.Select(s => FieldEncoding.Leaf(Encoding.UTF8.GetBytes(s.Text))).ToArray();

    /// <summary>The receipt of a proven summary, before its attestation lands.</summary>
    /// <param name="worker">The worker's key: base58 for people, bytes for the proof.</param>
    /// <param name="submittedText">The text as the client sent it, for <see cref="CommittedText"/>; null if not at hand.</param>
    public static Receipt Create(ReceiptOrigin origin, byte[] requestId, DocumentCommitment commitment, IEnumerable<Documents.Sentence> summary, Proving.GroundingProof proof,
        (string Base58, byte[] Bytes) worker, string attestation, string? submittedText = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(proof);
        static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
        var key = TrustedKeys.Find(origin.VerifyingKeyHash);
        return new Receipt
        {
            Network = origin.Network,
            ProgramId = origin.ProgramId,
            Settlement = origin.Settlement,
            RequestId = Hex(requestId),
            DocRoot = Hex(commitment.DocRoot.ToBytesBigEndian()),
            Summary = summary.Select(s => new ReceiptSentence(s.Index, s.Text)).ToArray(),
            SummaryHash = Hex(proof.PublicInputs[1].ToBytesBigEndian()),
            Worker = worker.Base58,
            WorkerKey = Hex(worker.Bytes),
            Proof = Hex(proof.ToSolanaBytes()),
            PublicInputs = proof.PublicInputs.Select(p => Hex(p.ToBytesBigEndian())).ToArray(),
            SnarkjsProof = JsonNode.Parse(SnarkjsJson.WriteProof(proof.Proof))!.AsObject(),
            PublicSignals = proof.PublicInputs.Select(p => p.ToString()).ToArray(),
            CommittedText = CommittedText.Of(commitment.Document, submittedText),
            VerifyingKeyHash = origin.VerifyingKeyHash,
            Circuit = origin.Circuit,
            VerifyingKeyName = key?.Name ?? "a key this software does not know",
            Forgeable = key?.Forgeable ?? false,
            Attestation = attestation,
            Transactions = new Dictionary<string, string>(),
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

/// <summary>Where a receipt's proof was made and is settled: the chain, the program, the key and its circuit, and how it was paid.</summary>
public sealed record ReceiptOrigin(string Network, string ProgramId, string VerifyingKeyHash, string Settlement, string? Circuit = null);
