using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Summarization;

namespace ZkSummarize.Node;

/// <summary>
/// The worker's side of an escrowed summary: prove it (Groth16 over the grounding circuit) and attest it
/// on chain, which verifies the proof and pays the worker and the treasury. (Runs in the request for the
/// walking skeleton; the SummaryJob grain moves it off the request path.)
/// </summary>
public sealed class EscrowWorker(SolanaRpcClient rpc, EscrowProgram program, Keypair worker, GroundingProver prover, ILogger<EscrowWorker> logger)
{
    public async Task<Receipt> ProveAndAttestAsync(DocumentCommitment commitment, Summary summary, byte[] requestId, PublicKey client, PublicKey mint,
        string openSignature, CancellationToken cancellationToken)
    {
        var input = GroundingInput.ForIndices(commitment, summary.Indices, requestId, worker.PublicKey.ToBytes());
        var proof = await Task.Run(() => prover.Prove(input), cancellationToken);
        var config = await rpc.GetAccountInfoAsync(program.FindConfig().Address, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException($"The escrow program {program.ProgramId} has no config account; run InitializeConfig.");
        var treasury = EscrowProgram.DecodeConfig(config.Data).Treasury;
        var workerTokens = AssociatedTokenProgram.GetAssociatedTokenAddress(worker.PublicKey, mint);
        var attestSignature = await rpc.SendAsync(
            [ComputeBudgetProgram.SetComputeUnitLimit(300_000), AssociatedTokenProgram.CreateIdempotent(worker.PublicKey, worker.PublicKey, mint),
             program.Attest(worker.PublicKey, workerTokens, treasury, client, mint, requestId, proof.PublicInputs[1].ToBytesBigEndian(), proof.ToSolanaBytes())],
            [worker], cancellationToken);
        logger.LogInformation("Attested request {RequestId}: {Signature}", Convert.ToHexStringLower(requestId), attestSignature);
        return Receipt.Create(requestId, commitment, summary.Sentences, proof, (worker.PublicKey.ToString(), worker.PublicKey.ToBytes()),
            SolanaEncoding.EncodeVerifyingKey(prover.VerifyingKey), program.ProgramId.ToString(), program.FindAttestation(requestId).Address.ToString(),
            new Dictionary<string, string> { ["openEscrow"] = openSignature, ["attest"] = attestSignature });
    }
}
