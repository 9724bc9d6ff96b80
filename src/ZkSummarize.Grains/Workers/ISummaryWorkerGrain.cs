namespace ZkSummarize.Grains.Workers;

/// <summary>The sentences a summarizer chose.</summary>
[GenerateSerializer, Immutable]
public sealed record SummaryDraft([property: Id(0)] IReadOnlyList<int> Indices, [property: Id(1)] IReadOnlyList<string> Sentences, [property: Id(2)] string Method);

/// <summary>A signed transaction, and its signature (known before it is sent).</summary>
[GenerateSerializer, Immutable]
public sealed record SignedTransaction([property: Id(0)] string Base64, [property: Id(1)] string Signature);

/// <summary>
/// The CPU-heavy work of one job (keyed by its request id), on a silo with the worker role: summarise,
/// prove (Groth16) and sign the attestation with that node's worker key, which the proof binds and the
/// program pays. The job calls the same grain for each step, so the node that proved is the node that
/// attests and is paid.
/// </summary>
public interface ISummaryWorkerGrain : IGrainWithStringKey
{
    Task<SummaryDraft> SummarizeAsync(string text, int sentences);

    /// <summary>Proves the summary grounded in the document, for this request; returns the receipt (not yet attested) as JSON.</summary>
    Task<string> ProveAsync(string text, IReadOnlyList<int> indices, string requestId);

    /// <summary>Signs the attestation of a receipt this worker proved: Attest, which releases the client's escrow, or AttestDirect when <paramref name="client"/> is null (paid outside escrow).</summary>
    /// <exception cref="WorkerMismatchException">The receipt's proof binds another worker's key.</exception>
    Task<SignedTransaction> SignAttestationAsync(string receiptJson, string? client);
}
