namespace ZkSummarize.Grains.Workers;

/// <summary>The sentences a summarizer chose.</summary>
[GenerateSerializer, Immutable]
public sealed record SummaryDraft([property: Id(0)] IReadOnlyList<int> Indices, [property: Id(1)] IReadOnlyList<string> Sentences, [property: Id(2)] string Method);

/// <summary>
/// What a proof is for: the request, the chain and how it was paid (which says what the attestation does),
/// for an escrow its deadline on the chain's clock (Unix seconds): past it the proof could not be paid, and
/// the grounding circuit and key to prove with (an escrow's is the one it was opened under; null: the full circuit).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProofRequest([property: Id(0)] string RequestId, [property: Id(1)] string Network, [property: Id(2)] string Settlement,
    [property: Id(3)] long? EscrowDeadline = null, [property: Id(4)] Sales.CircuitOffer? Circuit = null);

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
    Task<string> ProveAsync(string text, IReadOnlyList<int> indices, ProofRequest request);

    /// <summary>Signs the attestation of a receipt this worker proved (Attest for an escrow, AttestDirect otherwise); returns the transaction, base64.</summary>
    /// <exception cref="WorkerMismatchException">The receipt's proof binds another worker's key.</exception>
    Task<string> SignAttestationAsync(string receiptJson);
}
