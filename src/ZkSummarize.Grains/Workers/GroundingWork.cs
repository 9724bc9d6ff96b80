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
public sealed class GroundingWork(GroundingProver prover, Keypair worker, EscrowProgram program, PublicKey mint, SolanaRpcClient rpc)
{
    public PublicKey Worker => worker.PublicKey;

    public EscrowProgram Program => program;

    public Receipt Prove(string text, IReadOnlyList<int> indices, byte[] requestId)
    {
        var commitment = DocumentCommitment.Create(Document.Parse(text));
        var input = GroundingInput.ForIndices(commitment, indices, requestId, worker.PublicKey.ToBytes());
        var proof = prover.Prove(input);
        return Receipt.Create(requestId, commitment, indices.Select(i => commitment.Document.Sentences[i]), proof, (worker.PublicKey.ToString(), worker.PublicKey.ToBytes()),
            SolanaEncoding.EncodeVerifyingKey(prover.VerifyingKey), program.ProgramId.ToString(), program.FindAttestation(requestId).Address.ToString(),
            new Dictionary<string, string>());
    }

    public async Task<SignedTransaction> SignAttestationAsync(Receipt receipt, PublicKey client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Worker != worker.PublicKey.ToString())
        {
            throw new InvalidOperationException($"The proof binds worker {receipt.Worker}, not this node's worker {worker.PublicKey}; prove again here.");
        }
        var config = await rpc.GetAccountInfoAsync(program.FindConfig().Address, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException($"The escrow program {program.ProgramId} has no config account; run InitializeConfig.");
        var treasury = EscrowProgram.DecodeConfig(config.Data).Treasury;
        var requestId = Convert.FromHexString(receipt.RequestId);
        var workerTokens = AssociatedTokenProgram.GetAssociatedTokenAddress(worker.PublicKey, mint);
        var blockhash = await rpc.GetLatestBlockhashAsync(cancellationToken: cancellationToken);
        var message = Message.Compile(worker.PublicKey,
            [ComputeBudgetProgram.SetComputeUnitLimit(300_000), AssociatedTokenProgram.CreateIdempotent(worker.PublicKey, worker.PublicKey, mint),
             program.Attest(worker.PublicKey, workerTokens, treasury, client, mint, requestId, Convert.FromHexString(receipt.SummaryHash), Convert.FromHexString(receipt.Proof))],
            blockhash.Blockhash);
        var transaction = new Transaction(message).Sign(worker);
        return new SignedTransaction(transaction.ToBase64(), transaction.Signature);
    }
}
