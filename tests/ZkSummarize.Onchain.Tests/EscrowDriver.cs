using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Onchain.Tests;

/// <summary>An escrow opened on the dev chain: the client, the request, the document and what the program recorded.</summary>
public sealed record EscrowJob(Keypair Client, PublicKey ClientTokens, byte[] RequestId, DocumentCommitment Commitment, long Deadline, EscrowAccount Escrow)
{
    public PublicKey Address(EscrowProgram program) => program.FindEscrow(RequestId).Address;
}

/// <summary>What the program tests do again and again: open an escrow, prove a summary, attest, and expect a refusal that moves nothing.</summary>
public sealed class EscrowDriver(EscrowFixture f)
{
    public const ulong Price = 1_000_000; // 1 USDC
    public const int Sentences = 2;       // what the escrows pay for, and what Prove proves
    private static int _attempts;

    public static readonly Document Article = Document.Parse("""
        The city council approved a new budget for public transport on Monday. The budget adds twelve new bus
        routes and extends the tram line to the airport.

        Council members argued for hours about the cost. Supporters said the tram would cut traffic on the
        airport road. Critics said cyclists were ignored.
        """);

    /// <param name="verifyingKeyHash">The key to open under: the fixture's (config slot 0) when null.</param>
    public async Task<EscrowJob> OpenAsync(Document? document = null, long secondsToDeadline = 600, int sentences = Sentences, PublicKey? operatorKey = null, byte[]? verifyingKeyHash = null)
    {
        var (client, tokens) = await f.NewWalletAsync(5 * Price);
        var commitment = DocumentCommitment.Create(document ?? Article);
        var requestId = FieldEncoding.NewRequestId();
        var deadline = await f.Admin.AdvanceTimeAsync(0) + secondsToDeadline; // the chain's clock, which other tests move forward
        await f.Rpc.SendAsync(f.Program.OpenEscrowWithVault(client.PublicKey, tokens, f.Mint.PublicKey, requestId, commitment.DocRoot.ToBytesBigEndian(), Price, deadline,
            operatorKey ?? f.Operator.PublicKey, sentences, verifyingKeyHash ?? f.VerifyingKeyHash), [client]);
        return new EscrowJob(client, tokens, requestId, commitment, deadline, await f.EscrowAsync(requestId));
    }

    /// <summary>A real grounding proof of sentences 0 and 3 (or <paramref name="indices"/>), bound to <paramref name="worker"/>.</summary>
    public GroundingProof Prove(EscrowJob job, Keypair worker, byte[]? requestId = null, DocumentCommitment? commitment = null, int[]? indices = null) =>
        f.Prover.Prove(GroundingInput.ForIndices(commitment ?? job.Commitment, indices ?? [0, 3], requestId ?? job.RequestId, worker.PublicKey.ToBytes()));

    public TransactionInstruction Attest(EscrowJob job, Keypair worker, PublicKey workerTokens, GroundingProof proof, PublicKey? mint = null, byte[]? proofBytes = null) =>
        f.Program.Attest(worker.PublicKey, workerTokens, f.Treasury, mint ?? f.Mint.PublicKey, job.Escrow, proof.SummaryChain.ToBytesBigEndian(), proofBytes ?? proof.ToSolanaBytes());

    /// <summary>Attest with the compute budget it needs (the client's token account exists: it paid from it).</summary>
    public Task<string> AttestAsync(EscrowJob job, Keypair worker, PublicKey workerTokens, GroundingProof? proof = null) =>
        f.Rpc.SendAsync([ComputeBudgetProgram.SetComputeUnitLimit(400_000), Attest(job, worker, workerTokens, proof ?? Prove(job, worker))], [worker]);

    /// <summary>Sends without preflight so the failure happens on chain, and checks the code and that no token balance moved.</summary>
    public async Task ExpectFailureAsync(EscrowError expected, TransactionInstruction instruction, Keypair[] signers, params PublicKey[] tokenAccounts)
    {
        var before = await Task.WhenAll(tokenAccounts.Select(f.TokenBalanceAsync));
        var blockhash = await f.Rpc.GetLatestBlockhashAsync();
        // A compute-unit limit that differs each time keeps a retried instruction from being the same transaction.
        var unique = ComputeBudgetProgram.SetComputeUnitLimit(1_000_000 - (uint)Interlocked.Increment(ref _attempts));
        var transaction = new Transaction(Message.Compile(signers[0].PublicKey, [unique, instruction], blockhash.Blockhash)).Sign(signers);
        var signature = await f.Rpc.SendTransactionAsync(transaction, new SendTransactionOptions(SkipPreflight: true));
        var failure = await Assert.ThrowsAsync<TransactionFailedException>(() => f.Rpc.ConfirmTransactionAsync(signature));
        Assert.Equal(expected, EscrowProgram.ErrorFromTransactionError(failure.Error));
        Assert.Equal(before, await Task.WhenAll(tokenAccounts.Select(f.TokenBalanceAsync)));
    }

    /// <summary>The instruction with account <paramref name="index"/> replaced (writable, not a signer).</summary>
    public static TransactionInstruction WithAccount(TransactionInstruction instruction, int index, PublicKey replacement) =>
        WithAccount(instruction, index, _ => AccountMeta.Writable(replacement));

    /// <summary>The instruction with account <paramref name="index"/> changed by <paramref name="change"/>.</summary>
    public static TransactionInstruction WithAccount(TransactionInstruction instruction, int index, Func<AccountMeta, AccountMeta> change) =>
        instruction with { Accounts = instruction.Accounts.Select((a, i) => i == index ? change(a) : a).ToArray() };
}
