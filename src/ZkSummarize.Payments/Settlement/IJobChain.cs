namespace ZkSummarize.Payments.Settlement;

/// <summary>Where a transaction recorded before it was sent is: landed, failed on chain, maybe still in flight, or gone (its blockhash expired unseen, so it can never land).</summary>
public enum Landing { Landed, Failed, Pending, Gone }

/// <summary>An attestation found on chain, in the job's terms (hex and base58 strings).</summary>
/// <param name="Escrowed">It settled an escrow (false: a direct attestation of a payment made outside escrow).</param>
/// <param name="Operator">The escrow's operator; null for a direct attestation.</param>
public sealed record AttestationRecord(bool Escrowed, string Worker, string DocRoot, string SummaryHash, int Sentences, string VerifyingKeyHash,
    ulong PaidToWorker, ulong PaidFee, string? Operator);

/// <summary>What the chain did with a transaction the job sent: it landed, or our program refused it (its error's name), or it failed otherwise.</summary>
public sealed record SendOutcome(bool Landed, string? ProgramError = null, string? Error = null)
{
    public static SendOutcome Success { get; } = new(true);
}

/// <summary>The transfer of a worker's share of an `exact` payment, signed and not yet sent.</summary>
public sealed record PreparedPayout(ulong Amount, string Transaction, string Signature);

/// <summary>The chain was unreachable or answered with an RPC error: the step may be tried again.</summary>
public sealed class ChainUnavailableException : Exception
{
    public ChainUnavailableException() { }

    public ChainUnavailableException(string message) : base(message) { }

    public ChainUnavailableException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Everything a paid job asks of the chain, in one port (docs/node.md, "Jobs"), so that the job grain is a
/// transition table over it and can be tested with a fake. Definite answers are results; a chain that
/// cannot be reached throws <see cref="ChainUnavailableException"/>.
/// </summary>
public interface IJobChain
{
    /// <summary>The signature of a signed transaction (known before it is sent, so that it can be recorded first).</summary>
    string SignatureOf(string signedTransaction);

    /// <summary>Where a transaction recorded at <paramref name="sentAt"/> is now.</summary>
    Task<(Landing Landing, string? Error)> LandingAsync(string signature, DateTimeOffset sentAt, CancellationToken cancellationToken = default);

    /// <summary>The attestation of <paramref name="requestId"/>: an escrow's, or with <paramref name="directWorker"/> that worker's direct one; null if there is none.</summary>
    Task<AttestationRecord?> FindAttestationAsync(string requestId, string? directWorker, CancellationToken cancellationToken = default);

    /// <summary>Whether the escrow of <paramref name="requestId"/> is still open (false once attested or refunded).</summary>
    Task<bool> EscrowOpenAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Sends a signed transaction and waits for it to be confirmed, or refused.</summary>
    Task<SendOutcome> SendAsync(string signedTransaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// The program config's current verifying keys by slot (hex SHA-256; null for an empty slot), one slot per
    /// member of the grounding family; empty when the program has no config yet.
    /// </summary>
    Task<IReadOnlyList<string?>> CurrentVerifyingKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether the node pays <paramref name="worker"/> a share of `exact` payments (it holds the PayTo key, and the worker is not PayTo itself).</summary>
    bool PaysWorker(string worker);

    /// <summary>The transfer of the worker's share of <paramref name="price"/>: the price less the program's fee, as an escrow pays.</summary>
    Task<PreparedPayout> PrepareWorkerPayoutAsync(string worker, ulong price, string requestId, CancellationToken cancellationToken = default);
}
