using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Onchain.Tests;

/// <summary>
/// The escrow program, built from source, on the dev chain, with real grounding proofs: the paid path,
/// the refund path, and every way to cheat or blunder failing with its own error while no tokens move.
/// </summary>
public sealed class EscrowProgramTests(EscrowFixture f) : IClassFixture<EscrowFixture>
{
    private const ulong Price = 1_000_000; // 1 USDC
    private static int _attempts;

    private static readonly Document Article = Document.Parse("""
        The city council approved a new budget for public transport on Monday. The budget adds twelve new bus
        routes and extends the tram line to the airport.

        Council members argued for hours about the cost. Supporters said the tram would cut traffic on the
        airport road. Critics said cyclists were ignored.
        """);

    private sealed record Job(Keypair Client, PublicKey ClientTokens, byte[] RequestId, DocumentCommitment Commitment, long Deadline);

    private async Task<Job> OpenAsync(Document? document = null, long secondsToDeadline = 600)
    {
        var (client, tokens) = await f.NewWalletAsync(5 * Price);
        var commitment = DocumentCommitment.Create(document ?? Article);
        var requestId = FieldEncoding.NewRequestId();
        var deadline = await f.Admin.AdvanceTimeAsync(0) + secondsToDeadline; // the chain's clock, which other tests move forward
        await f.Rpc.SendAsync(f.Program.OpenEscrowWithVault(client.PublicKey, tokens, f.Mint.PublicKey, requestId, commitment.DocRoot.ToBytesBigEndian(), Price, deadline), [client]);
        return new Job(client, tokens, requestId, commitment, deadline);
    }

    private GroundingProof Prove(Job job, Keypair worker, byte[]? requestId = null, DocumentCommitment? commitment = null) =>
        f.Prover.Prove(GroundingInput.ForIndices(commitment ?? job.Commitment, [0, 3], requestId ?? job.RequestId, worker.PublicKey.ToBytes()));

    private TransactionInstruction Attest(Job job, Keypair worker, PublicKey workerTokens, GroundingProof proof, PublicKey? mint = null) =>
        f.Program.Attest(worker.PublicKey, workerTokens, f.Treasury, job.Client.PublicKey, mint ?? f.Mint.PublicKey, job.RequestId,
            proof.PublicInputs[1].ToBytesBigEndian(), proof.ToSolanaBytes());

    /// <summary>Sends without preflight so the failure happens on chain, and checks the code and that no token balance moved.</summary>
    private async Task ExpectFailureAsync(EscrowError expected, TransactionInstruction instruction, Keypair[] signers, params PublicKey[] tokenAccounts)
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

    [Fact]
    public async Task A_valid_proof_pays_the_worker_and_the_treasury_and_closes_the_escrow()
    {
        var job = await OpenAsync();
        var escrowAddress = f.Program.FindEscrow(job.RequestId).Address;
        var escrow = EscrowProgram.DecodeEscrow((await f.Rpc.GetAccountInfoAsync(escrowAddress))!.Data);
        Assert.Equal((job.Client.PublicKey, Price, job.Deadline), (escrow.Client, escrow.Amount, escrow.Deadline));
        var vault = EscrowProgram.FindVault(escrowAddress, f.Mint.PublicKey).Address;
        Assert.Equal(Price, await f.TokenBalanceAsync(vault));

        var (worker, workerTokens) = await f.NewWalletAsync(0);
        var treasuryBefore = await f.TokenBalanceAsync(f.Treasury);
        var clientLamportsBefore = await f.Rpc.GetBalanceAsync(job.Client.PublicKey);
        var proof = Prove(job, worker);
        var signature = await f.Rpc.SendAsync([Attest(job, worker, workerTokens, proof)], [worker]);

        var fee = Price * EscrowFixture.FeeBasisPoints / 10_000;
        Assert.Equal(Price - fee, await f.TokenBalanceAsync(workerTokens));
        Assert.Equal(treasuryBefore + fee, await f.TokenBalanceAsync(f.Treasury));
        Assert.Null(await f.Rpc.GetAccountInfoAsync(escrowAddress));
        Assert.Null(await f.Rpc.GetAccountInfoAsync(vault));
        Assert.True(await f.Rpc.GetBalanceAsync(job.Client.PublicKey) > clientLamportsBefore); // the rent came back

        var attestation = EscrowProgram.DecodeAttestation((await f.Rpc.GetAccountInfoAsync(f.Program.FindAttestation(job.RequestId).Address))!.Data);
        Assert.Equal(job.RequestId, attestation.RequestId);
        Assert.Equal(job.Commitment.DocRoot.ToBytesBigEndian(), attestation.DocRoot);
        Assert.Equal(proof.PublicInputs[1].ToBytesBigEndian(), attestation.SummaryHash);
        Assert.Equal(worker.PublicKey, attestation.Worker);
        Assert.Equal((Price - fee, fee), (attestation.PaidToWorker, attestation.PaidFee));
        var details = await f.Rpc.GetTransactionAsync(signature);
        Assert.InRange(details!.ComputeUnitsConsumed!.Value, 1UL, 400_000UL);
    }

    /// <summary>Compute units of each instruction (whole transaction), for docs/benchmarks.md; a guard, not a timing.</summary>
    [Fact]
    public async Task Compute_units_per_instruction()
    {
        async Task<ulong> Units(string signature) => (await f.Rpc.GetTransactionAsync(signature))!.ComputeUnitsConsumed!.Value;
        var (client, tokens) = await f.NewWalletAsync(5 * Price);
        var commitment = DocumentCommitment.Create(Article);
        var requestId = FieldEncoding.NewRequestId();
        var deadline = await f.Admin.AdvanceTimeAsync(0) + 600;
        var open = await Units(await f.Rpc.SendAsync(f.Program.OpenEscrowWithVault(client.PublicKey, tokens, f.Mint.PublicKey, requestId, commitment.DocRoot.ToBytesBigEndian(), Price, deadline), [client]));
        var job = new Job(client, tokens, requestId, commitment, deadline);
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        var attest = await Units(await f.Rpc.SendAsync([ComputeBudgetProgram.SetComputeUnitLimit(400_000), Attest(job, worker, workerTokens, Prove(job, worker))], [worker]));
        var refundJob = await OpenAsync(secondsToDeadline: 1);
        await f.Admin.AdvanceTimeAsync(5);
        var refund = await Units(await f.Rpc.SendAsync([f.Program.Refund(refundJob.Client.PublicKey, refundJob.ClientTokens, f.Mint.PublicKey, refundJob.RequestId)], [refundJob.Client]));
        TestContext.Current.TestOutputHelper?.WriteLine($"compute units: OpenEscrow (with the vault's creation) {open}, Attest {attest}, Refund {refund}");
        Assert.InRange(attest, 50_000UL, 200_000UL);
    }

    [Fact]
    public async Task A_refund_after_the_deadline_returns_everything_and_not_before()
    {
        var job = await OpenAsync(secondsToDeadline: 60);
        var refund = f.Program.Refund(job.Client.PublicKey, job.ClientTokens, f.Mint.PublicKey, job.RequestId);
        await ExpectFailureAsync(EscrowError.DeadlineNotReached, refund, [job.Client], job.ClientTokens);

        var before = await f.TokenBalanceAsync(job.ClientTokens);
        await f.Admin.AdvanceTimeAsync(120);
        await f.Rpc.SendAsync([refund], [job.Client]);
        Assert.Equal(before + Price, await f.TokenBalanceAsync(job.ClientTokens));
        Assert.Null(await f.Rpc.GetAccountInfoAsync(f.Program.FindEscrow(job.RequestId).Address));

        // and the worker can no longer claim it
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        await ExpectFailureAsync(EscrowError.EscrowNotOpen, Attest(job, worker, workerTokens, Prove(job, worker)), [worker], workerTokens, job.ClientTokens);
    }

    [Fact]
    public async Task Attest_after_the_deadline_fails()
    {
        var job = await OpenAsync(secondsToDeadline: 30);
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        var proof = Prove(job, worker);
        await f.Admin.AdvanceTimeAsync(60);
        await ExpectFailureAsync(EscrowError.DeadlinePassed, Attest(job, worker, workerTokens, proof), [worker], workerTokens, f.Treasury);
    }

    [Fact]
    public async Task A_proof_with_a_tampered_byte_fails()
    {
        var job = await OpenAsync();
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        var proof = Prove(job, worker);
        var bytes = proof.ToSolanaBytes();
        bytes[100] ^= 1;
        var instruction = f.Program.Attest(worker.PublicKey, workerTokens, f.Treasury, job.Client.PublicKey, f.Mint.PublicKey, job.RequestId, proof.PublicInputs[1].ToBytesBigEndian(), bytes);
        await ExpectFailureAsync(EscrowError.ProofInvalid, instruction, [worker], workerTokens, f.Treasury);
    }

    [Fact]
    public async Task Valid_proofs_for_another_document_request_or_worker_fail()
    {
        var job = await OpenAsync();
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        var otherDocument = DocumentCommitment.Create(Document.Parse("A different text. It has other sentences. Four of them. Really."));
        await ExpectFailureAsync(EscrowError.ProofInvalid, Attest(job, worker, workerTokens, Prove(job, worker, commitment: otherDocument)), [worker], workerTokens);
        await ExpectFailureAsync(EscrowError.ProofInvalid, Attest(job, worker, workerTokens, Prove(job, worker, requestId: FieldEncoding.NewRequestId())), [worker], workerTokens);

        var (thief, thiefTokens) = await f.NewWalletAsync(0);
        await ExpectFailureAsync(EscrowError.ProofInvalid, Attest(job, thief, thiefTokens, Prove(job, worker)), [thief], thiefTokens, workerTokens);
        await f.Rpc.SendAsync([Attest(job, worker, workerTokens, Prove(job, worker))], [worker]); // the honest worker still can
    }

    [Fact]
    public async Task A_second_attest_fails()
    {
        var job = await OpenAsync();
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        var proof = Prove(job, worker);
        await f.Rpc.SendAsync([Attest(job, worker, workerTokens, proof)], [worker]);
        await ExpectFailureAsync(EscrowError.EscrowNotOpen, Attest(job, worker, workerTokens, proof), [worker], workerTokens, f.Treasury);
    }

    private TransactionInstruction AttestDirect(Keypair worker, byte[] requestId, DocumentCommitment commitment, GroundingProof proof, byte[]? proofBytes = null) =>
        f.Program.AttestDirect(worker.PublicKey, requestId, commitment.DocRoot.ToBytesBigEndian(), proof.PublicInputs[1].ToBytesBigEndian(), proofBytes ?? proof.ToSolanaBytes());

    [Fact]
    public async Task AttestDirect_records_a_proven_summary_paid_outside_escrow_once_and_moves_no_money()
    {
        var commitment = DocumentCommitment.Create(Article);
        var requestId = FieldEncoding.NewRequestId();
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        var proof = f.Prover.Prove(GroundingInput.ForIndices(commitment, [1, 2], requestId, worker.PublicKey.ToBytes()));
        var treasuryBefore = await f.TokenBalanceAsync(f.Treasury);
        var signature = await f.Rpc.SendAsync([ComputeBudgetProgram.SetComputeUnitLimit(400_000), AttestDirect(worker, requestId, commitment, proof)], [worker]);

        var attestation = EscrowProgram.DecodeAttestation((await f.Rpc.GetAccountInfoAsync(f.Program.FindAttestation(requestId).Address))!.Data);
        Assert.Equal(requestId, attestation.RequestId);
        Assert.Equal(commitment.DocRoot.ToBytesBigEndian(), attestation.DocRoot);
        Assert.Equal(proof.PublicInputs[1].ToBytesBigEndian(), attestation.SummaryHash);
        Assert.Equal(worker.PublicKey, attestation.Worker);
        Assert.Equal((0UL, 0UL), (attestation.PaidToWorker, attestation.PaidFee));
        Assert.Equal((0UL, treasuryBefore), (await f.TokenBalanceAsync(workerTokens), await f.TokenBalanceAsync(f.Treasury)));
        TestContext.Current.TestOutputHelper?.WriteLine($"compute units: AttestDirect {(await f.Rpc.GetTransactionAsync(signature))!.ComputeUnitsConsumed}");

        await ExpectFailureAsync(EscrowError.AttestationExists, AttestDirect(worker, requestId, commitment, proof), [worker]);
    }

    [Fact]
    public async Task AttestDirect_refuses_forged_or_mismatched_proofs()
    {
        var commitment = DocumentCommitment.Create(Article);
        var requestId = FieldEncoding.NewRequestId();
        var (worker, _) = await f.NewWalletAsync(0);
        var (thief, _) = await f.NewWalletAsync(0);
        var proof = f.Prover.Prove(GroundingInput.ForIndices(commitment, [0], requestId, worker.PublicKey.ToBytes()));
        var tampered = proof.ToSolanaBytes();
        tampered[200] ^= 1;
        await ExpectFailureAsync(EscrowError.ProofInvalid, AttestDirect(worker, requestId, commitment, proof, tampered), [worker]);
        await ExpectFailureAsync(EscrowError.ProofInvalid, AttestDirect(thief, requestId, commitment, proof), [thief]); // another signer
        await ExpectFailureAsync(EscrowError.ProofInvalid, AttestDirect(worker, FieldEncoding.NewRequestId(), commitment, proof), [worker]); // another request
        var other = DocumentCommitment.Create(Document.Parse("A different text. It has other sentences. Four of them. Really."));
        await ExpectFailureAsync(EscrowError.ProofInvalid, AttestDirect(worker, requestId, other, proof), [worker]); // another document
        var outOfField = (byte[])requestId.Clone();
        outOfField[0] = 0xFF;
        await ExpectFailureAsync(EscrowError.InvalidRequestId, f.Program.AttestDirect(worker.PublicKey, outOfField, commitment.DocRoot.ToBytesBigEndian(),
            proof.PublicInputs[1].ToBytesBigEndian(), proof.ToSolanaBytes()), [worker]);
        Assert.Null(await f.Rpc.GetAccountInfoAsync(f.Program.FindAttestation(requestId).Address));
    }

    [Fact]
    public async Task The_wrong_mint_fails()
    {
        var job = await OpenAsync();
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        using var otherMint = Keypair.Generate();
        await f.Tokens.CreateMintAsync(f.MintAuthority, otherMint, EscrowFixture.Decimals, f.MintAuthority.PublicKey);
        await ExpectFailureAsync(EscrowError.WrongMint, Attest(job, worker, workerTokens, Prove(job, worker), otherMint.PublicKey), [worker], workerTokens);

        var (client, tokens) = await f.NewWalletAsync(Price);
        var open = f.Program.OpenEscrow(client.PublicKey, tokens, otherMint.PublicKey, FieldEncoding.NewRequestId(), new byte[32], Price, job.Deadline);
        await ExpectFailureAsync(EscrowError.WrongMint, open, [client], tokens);
    }

    [Fact]
    public async Task A_spoofed_vault_or_escrow_fails()
    {
        var job = await OpenAsync();
        var (worker, workerTokens) = await f.NewWalletAsync(0);
        var honest = Attest(job, worker, workerTokens, Prove(job, worker));

        var (_, strangerTokens) = await f.NewWalletAsync(Price);
        var spoofedVault = honest with { Accounts = honest.Accounts.Select((a, i) => i == 2 ? AccountMeta.Writable(strangerTokens) : a).ToArray() };
        await ExpectFailureAsync(EscrowError.WrongVault, spoofedVault, [worker], workerTokens, strangerTokens);

        // An account owned by the program with a copy of the escrow's data, at an address that is not the PDA.
        var escrowAddress = f.Program.FindEscrow(job.RequestId).Address;
        var copyOfEscrow = (await f.Rpc.GetAccountInfoAsync(escrowAddress))!.Data;
        using var fake = Keypair.Generate();
        await f.Admin.SetAccountAsync(fake.PublicKey.ToString(), 10_000_000, copyOfEscrow, f.Program.ProgramId.ToString());
        var spoofedEscrow = honest with { Accounts = honest.Accounts.Select((a, i) => i == 1 ? AccountMeta.Writable(fake.PublicKey) : a).ToArray() };
        await ExpectFailureAsync(EscrowError.WrongEscrowAddress, spoofedEscrow, [worker], workerTokens);
    }

    [Fact]
    public async Task A_missing_signer_fails()
    {
        var job = await OpenAsync(secondsToDeadline: 5);
        await f.Admin.AdvanceTimeAsync(10);
        var refund = f.Program.Refund(job.Client.PublicKey, job.ClientTokens, f.Mint.PublicKey, job.RequestId);
        var unsigned = refund with { Accounts = refund.Accounts.Select((a, i) => i == 0 ? AccountMeta.Writable(a.PublicKey) : a).ToArray() };
        using var stranger = Keypair.Generate();
        await f.FundSolAsync(stranger.PublicKey);
        await ExpectFailureAsync(EscrowError.MissingSigner, unsigned, [stranger], job.ClientTokens);
    }

    [Fact]
    public async Task Only_the_admin_sets_the_verifying_key()
    {
        using var intruder = Keypair.Generate();
        await f.FundSolAsync(intruder.PublicKey);
        await ExpectFailureAsync(EscrowError.NotAdmin, f.Program.SetVerifyingKey(intruder.PublicKey, new byte[EscrowProgram.VerifyingKeyLength]), [intruder], f.Treasury);
        var config = EscrowProgram.DecodeConfig((await f.Rpc.GetAccountInfoAsync(f.Program.FindConfig().Address))!.Data);
        Assert.Equal(f.ProgramAdmin.PublicKey, config.Admin);
        Assert.True(config.VerifyingKeySet);
    }

    [Fact]
    public async Task Building_the_program_again_gives_the_same_bytes_and_the_hash_in_the_readme()
    {
        Assert.Equal(f.ProgramBytes, await EscrowFixture.BuildProgramAsync());
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.ProgramBytes));
        var readme = await File.ReadAllTextAsync(Testing.RepoPaths.Combine("README.md"));
        Assert.True(readme.Contains(hash, StringComparison.Ordinal),
            $"README.md does not record the program's SHA-256 {hash}. Update it when src/onchain changes (src/onchain/build.sh prints it).");
    }
}
