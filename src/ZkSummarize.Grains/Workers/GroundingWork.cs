using Microsoft.Extensions.Logging;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Payments.Settlement;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;

namespace ZkSummarize.Grains.Workers;

/// <summary>A proof made by another worker cannot be attested here: the program pays the key the proof binds.</summary>
public sealed class WorkerMismatchException : Exception
{
    public WorkerMismatchException() { }

    public WorkerMismatchException(string message) : base(message) { }

    public WorkerMismatchException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// The escrow's deadline is too close for a proof and its attestation to land before it: the proof was not
/// started, since the program would refuse to pay for it.
/// </summary>
public sealed class ProofTooLateException : Exception
{
    public ProofTooLateException() { }

    public ProofTooLateException(string message) : base(message) { }

    public ProofTooLateException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A worker node's means to prove and attest (a fake in the job grain's tests).</summary>
public interface IGroundingWork
{
    /// <exception cref="ProofTooLateException">The escrow's deadline would pass before the proof's attestation could land: nothing was proven.</exception>
    Task<Receipt> ProveAsync(string text, IReadOnlyList<int> indices, ProofRequest request, CancellationToken cancellationToken);

    /// <summary>How fast this worker has been proving, for the gateways' admission of new jobs.</summary>
    ProvingRate Rate { get; }

    /// <exception cref="WorkerMismatchException">The receipt's proof binds another worker's key.</exception>
    Task<string> SignAttestationAsync(Receipt receipt, CancellationToken cancellationToken);
}

/// <summary>
/// This node's means to prove and attest: a prover per grounding circuit it proves, the worker key (bound into
/// each proof, and paid by the program), and the escrow program on the chain. Present on nodes that run the worker role.
/// </summary>
/// <param name="concurrentProofs">
/// Proofs at once. One proof already uses every core (the MSMs and NTTs are parallel), so more at once
/// only makes each slower; queueing them keeps the first in line fast.
/// </param>
/// <param name="rateSamples">How many recent proofs the moving average of <see cref="Rate"/> covers.</param>
public sealed class GroundingWork(GroundingProvers provers, Keypair worker, EscrowProgram program, AttestationTransactions attestations, ILogger<GroundingWork> logger,
    int concurrentProofs = 1, int rateSamples = 16)
    : IGroundingWork, IDisposable
{
    /// <summary>
    /// Time the attestation needs after the proof: signing, sending and confirmation take well under a second on
    /// the dev chain (docs/benchmarks.md) and a few slots on a real cluster; the rest is room for a busy RPC node.
    /// </summary>
    public static readonly TimeSpan AttestationTime = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _provingSlots = new(concurrentProofs, concurrentProofs);
    public PublicKey Worker => worker.PublicKey;

    /// <summary>The circuits and keys this worker proves.</summary>
    public GroundingProvers Provers => provers;

    public ProvingRate Rate { get; } = new(concurrentProofs, rateSamples);

    /// <summary>The proofs queued or under way, by request and summary.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<Receipt>>> _proofs = new(StringComparer.Ordinal);

    /// <summary>
    /// Proves a job's summary; a second call for the same request and summary joins the proof already queued or
    /// under way. A job whose call timed out while its proof waited for a slot (Orleans' response timeout) asks
    /// again: without this, the first proof would still be made, for nobody, and the retry would queue a second.
    /// </summary>
    public async Task<Receipt> ProveAsync(string text, IReadOnlyList<int> indices, ProofRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(indices);
        var key = $"{request.RequestId}/{request.Settlement}/{string.Join(',', indices)}";
        var proof = _proofs.GetOrAdd(key, _ => new Lazy<Task<Receipt>>(() => ProveOnceAsync(text, indices, request, cancellationToken)));
        try
        {
            return await proof.Value;
        }
        finally
        {
            _proofs.TryRemove(KeyValuePair.Create(key, proof));
        }
    }

    private async Task<Receipt> ProveOnceAsync(string text, IReadOnlyList<int> indices, ProofRequest request, CancellationToken cancellationToken)
    {
        var requestId = Convert.FromHexString(request.RequestId);
        var commitment = DocumentCommitment.Create(Document.Parse(text));
        var input = GroundingInput.ForIndices(commitment, indices, requestId, worker.PublicKey.ToBytes());
        // Off the grain's turn: a development key is made (seconds of CPU) the first time its circuit is asked for.
        var prover = await Task.Run(() => provers.For(request.Circuit), cancellationToken);
        GroundingProof proof;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await _provingSlots.WaitAsync(cancellationToken);
        try
        {
            // Checked once the slot is ours: the wait for it may have eaten the time the escrow had left.
            if (request.EscrowDeadline is { } deadline) await EnsurePayableAsync(request.RequestId, deadline, cancellationToken);
            // Which node holds which job, for an operator following a job through a failover.
            logger.LogInformation("Proving job {RequestId} as worker {Worker} with {Circuit}", request.RequestId, worker.PublicKey, prover.Circuit.Name);
            var proving = System.Diagnostics.Stopwatch.GetTimestamp();
            proof = await Task.Run(() => prover.Prove(input), cancellationToken); // seconds of CPU: on the thread pool, not a grain's turn
            Rate.Record(System.Diagnostics.Stopwatch.GetElapsedTime(proving));
        }
        finally
        {
            _provingSlots.Release();
        }
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        JobMetrics.Proved(elapsed);
        logger.LogInformation("Proved job {RequestId} in {Seconds:0.00} s", request.RequestId, elapsed.TotalSeconds);
        var attestation = request.Settlement == Settlements.Direct ? program.FindDirectAttestation(worker.PublicKey, requestId) : program.FindAttestation(requestId);
        var origin = new ReceiptOrigin(request.Network, program.ProgramId.ToString(), GroundingProvers.KeyHashOf(prover), request.Settlement, prover.Circuit.Name);
        return Receipt.Create(origin, requestId, commitment,
            indices.Select(i => commitment.Document.Sentences[i]), proof, (worker.PublicKey.ToString(), worker.PublicKey.ToBytes()), attestation.Address.ToString(), text);
    }

    /// <summary>
    /// Refuses to start a proof whose attestation would land after the escrow's deadline, judged on the chain's
    /// clock (the one the program checks) with this worker's measured proof time and <see cref="AttestationTime"/>.
    /// </summary>
    private async Task EnsurePayableAsync(string requestId, long deadline, CancellationToken cancellationToken)
    {
        var proofTime = TimeSpan.FromSeconds(Rate.Current?.SecondsPerProof ?? 0);
        var needed = proofTime + AttestationTime;
        var left = deadline - await attestations.ChainClockAsync(cancellationToken);
        if (left >= needed.TotalSeconds) return;
        JobMetrics.SkippedLate();
        logger.LogWarning("Not proving job {RequestId}: its escrow's deadline is {Left} s away on the chain's clock, less than the {Needed:0} s a proof and its attestation need", requestId, left, needed.TotalSeconds);
        var when = left < 0 ? $"passed {-left} s ago on the chain's clock" : $"is only {left} s away on the chain's clock";
        throw new ProofTooLateException($"Not proven: the escrow's deadline {when}, less than the {needed.TotalSeconds:0} s a proof ({proofTime.TotalSeconds:0.0} s on this worker) and its attestation need, so the program could not pay for it.");
    }

    public Task<string> SignAttestationAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Worker != worker.PublicKey.ToString())
        {
            throw new WorkerMismatchException($"The proof binds worker {receipt.Worker}, not this node's worker {worker.PublicKey}; prove again here.");
        }
        return attestations.SignAsync(worker, receipt, cancellationToken);
    }

    public void Dispose()
    {
        _provingSlots.Dispose();
        provers.Dispose();
    }
}
