using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Grains.Workers;

/// <summary>
/// This node's means to prove and attest: the grounding prover, the worker key (bound into each proof,
/// and paid by the program), and the escrow program on the chain. Present on nodes that run the worker role.
/// </summary>
/// <summary>A proof made by another worker cannot be attested here: the program pays the key the proof binds.</summary>
public sealed class WorkerMismatchException : Exception
{
    public WorkerMismatchException() { }

    public WorkerMismatchException(string message) : base(message) { }

    public WorkerMismatchException(string message, Exception inner) : base(message, inner) { }
}

/// <param name="concurrentProofs">
/// Proofs at once. One proof already uses every core (the MSMs and NTTs are parallel), so more at once
/// only makes each slower; queueing them keeps the first in line fast.
/// </param>
public sealed class GroundingWork(GroundingProver prover, Keypair worker, EscrowProgram program, PublicKey mint, SolanaRpcClient rpc, int concurrentProofs = 1) : IDisposable
{
    private readonly SemaphoreSlim _provingSlots = new(concurrentProofs, concurrentProofs);

    public PublicKey Worker => worker.PublicKey;

    public EscrowProgram Program => program;

    public async Task<Receipt> ProveAsync(string text, IReadOnlyList<int> indices, byte[] requestId, CancellationToken cancellationToken)
    {
        var commitment = DocumentCommitment.Create(Document.Parse(text));
        var input = GroundingInput.ForIndices(commitment, indices, requestId, worker.PublicKey.ToBytes());
        GroundingProof proof;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await _provingSlots.WaitAsync(cancellationToken);
        try
        {
            proof = await Task.Run(() => prover.Prove(input), cancellationToken); // seconds of CPU: on the thread pool, not a grain's turn
        }
        finally
        {
            _provingSlots.Release();
        }
        JobMetrics.Proved(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return Receipt.Create(requestId, commitment, indices.Select(i => commitment.Document.Sentences[i]), proof, (worker.PublicKey.ToString(), worker.PublicKey.ToBytes()),
            SolanaEncoding.EncodeVerifyingKey(prover.VerifyingKey), program.ProgramId.ToString(), program.FindAttestation(requestId).Address.ToString(),
            new Dictionary<string, string>());
    }

    /// <param name="client">The escrow's client, whose escrow the attestation releases; null for a summary paid outside escrow (AttestDirect).</param>
    public async Task<SignedTransaction> SignAttestationAsync(Receipt receipt, PublicKey? client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Worker != worker.PublicKey.ToString())
        {
            throw new WorkerMismatchException($"The proof binds worker {receipt.Worker}, not this node's worker {worker.PublicKey}; prove again here.");
        }
        var requestId = Convert.FromHexString(receipt.RequestId);
        var summaryHash = Convert.FromHexString(receipt.SummaryHash);
        var proof = Convert.FromHexString(receipt.Proof);
        TransactionInstruction[] instructions;
        if (client is null)
        {
            instructions = [ComputeBudgetProgram.SetComputeUnitLimit(200_000), program.AttestDirect(worker.PublicKey, requestId, Convert.FromHexString(receipt.DocRoot), summaryHash, proof)];
        }
        else
        {
            var config = await rpc.GetAccountInfoAsync(program.FindConfig().Address, cancellationToken: cancellationToken)
                ?? throw new InvalidOperationException($"The escrow program {program.ProgramId} has no config account; run InitializeConfig.");
            var treasury = EscrowProgram.DecodeConfig(config.Data).Treasury;
            var workerTokens = AssociatedTokenProgram.GetAssociatedTokenAddress(worker.PublicKey, mint);
            instructions =
            [
                ComputeBudgetProgram.SetComputeUnitLimit(300_000), AssociatedTokenProgram.CreateIdempotent(worker.PublicKey, worker.PublicKey, mint),
                program.Attest(worker.PublicKey, workerTokens, treasury, client.Value, mint, requestId, summaryHash, proof),
            ];
        }
        var blockhash = await rpc.GetLatestBlockhashAsync(cancellationToken: cancellationToken);
        var transaction = new Transaction(Message.Compile(worker.PublicKey, instructions, blockhash.Blockhash)).Sign(worker);
        return new SignedTransaction(transaction.ToBase64(), transaction.Signature);
    }

    public void Dispose()
    {
        _provingSlots.Dispose();
        prover.Dispose();
    }
}
