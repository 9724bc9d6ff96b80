using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using static ZkSummarize.Onchain.Tests.EscrowDriver;

namespace ZkSummarize.Onchain.Tests;

/// <summary>
/// The escrow program, built from source, on the dev chain, with real grounding proofs: the paid path,
/// the refund path, and the honest mistakes failing with their own error while no tokens move. The
/// attacks of docs/security.md are in <see cref="EscrowAttackTests"/>.
/// </summary>
public sealed class EscrowProgramTests(EscrowFixture f) : IClassFixture<EscrowFixture>
{
    private readonly EscrowDriver d = new(f);

    [Fact]
    public async Task A_valid_proof_pays_the_worker_and_the_treasury_and_closes_the_escrow()
    {
        var job = await d.OpenAsync();
        var escrowAddress = job.Address(f.Program);
        Assert.Equal((job.Client.PublicKey, Price, job.Deadline, Sentences), (job.Escrow.Client, job.Escrow.Amount, job.Escrow.Deadline, job.Escrow.Sentences));
        Assert.Equal((f.Program.FindConfig().Address, f.Operator.PublicKey, EscrowFixture.FeeBasisPoints), (job.Escrow.Config, job.Escrow.Operator, job.Escrow.FeeBasisPoints));
        Assert.Equal(EscrowProgram.VerifyingKeyHash(f.VerifyingKey), job.Escrow.VerifyingKeyHash);
        Assert.Equal(EscrowProgram.FindVault(escrowAddress, f.Mint.PublicKey).Address, job.Escrow.Vault);
        Assert.Equal(Price, await f.TokenBalanceAsync(job.Escrow.Vault));

        var (worker, workerTokens) = await f.NewWorkerAsync();
        var treasuryBefore = await f.TokenBalanceAsync(f.Treasury);
        var clientLamportsBefore = await f.Rpc.GetBalanceAsync(job.Client.PublicKey);
        var proof = d.Prove(job, worker);
        await d.AttestAsync(job, worker, workerTokens, proof);

        var fee = Price * EscrowFixture.FeeBasisPoints / 10_000;
        Assert.Equal(Price - fee, await f.TokenBalanceAsync(workerTokens));
        Assert.Equal(treasuryBefore + fee, await f.TokenBalanceAsync(f.Treasury));
        Assert.Null(await f.Rpc.GetAccountInfoAsync(escrowAddress));
        Assert.Null(await f.Rpc.GetAccountInfoAsync(job.Escrow.Vault));
        Assert.True(await f.Rpc.GetBalanceAsync(job.Client.PublicKey) > clientLamportsBefore); // the rent came back

        var attestation = EscrowProgram.DecodeAttestation((await f.Rpc.GetAccountInfoAsync(f.Program.FindAttestation(job.RequestId).Address))!.Data);
        Assert.Equal(job.RequestId, attestation.RequestId);
        Assert.Equal(job.Commitment.DocRoot.ToBytesBigEndian(), attestation.DocRoot);
        Assert.Equal(proof.PublicInputs[1].ToBytesBigEndian(), attestation.SummaryHash);
        Assert.Equal((worker.PublicKey, Sentences, true), (attestation.Worker, attestation.Sentences, attestation.Escrowed));
        Assert.Equal((Price - fee, fee), (attestation.PaidToWorker, attestation.PaidFee));
        Assert.Equal(job.Escrow.VerifyingKeyHash, attestation.VerifyingKeyHash);
        Assert.Equal((f.Operator.PublicKey, job.Client.PublicKey), (attestation.Operator, attestation.Client));
    }

    [Fact]
    public async Task An_attest_reads_back_as_a_validator_shows_it_with_the_payouts_as_parsed_inner_instructions()
    {
        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var signature = await d.AttestAsync(job, worker, workerTokens);
        var config = new System.Text.Json.Nodes.JsonObject { ["encoding"] = "jsonParsed", ["maxSupportedTransactionVersion"] = 0, ["commitment"] = "confirmed" };
        var tx = await f.Rpc.CallAsync("getTransaction", [signature, config], TestContext.Current.CancellationToken);

        // ComputeBudget is not parsed by a validator: partially decoded. Our program neither.
        var instructions = tx.GetProperty("transaction").GetProperty("message").GetProperty("instructions");
        Assert.Equal(ComputeBudgetProgram.ProgramId.ToString(), instructions[0].GetProperty("programId").GetString());
        Assert.False(instructions[0].TryGetProperty("parsed", out _));
        Assert.Equal(f.Program.ProgramId.ToString(), instructions[1].GetProperty("programId").GetString());

        // The program's CPIs into SPL Token, recorded by the runtime: the worker's share and the fee leave the vault.
        var inner = tx.GetProperty("meta").GetProperty("innerInstructions").EnumerateArray().Single();
        Assert.Equal(1, inner.GetProperty("index").GetInt32());
        var transfers = inner.GetProperty("instructions").EnumerateArray()
            .Where(ix => ix.TryGetProperty("parsed", out var p) && p.GetProperty("type").GetString() is "transfer" or "transferChecked")
            .Select(ix => ix.GetProperty("parsed").GetProperty("info"))
            .ToDictionary(info => info.GetProperty("destination").GetString()!, Amount);
        var fee = Price * EscrowFixture.FeeBasisPoints / 10_000;
        Assert.Equal(Price - fee, transfers[workerTokens.ToString()]);
        Assert.Equal(fee, transfers[f.Treasury.ToString()]);
        Assert.All(inner.GetProperty("instructions").EnumerateArray(), ix => Assert.Equal(2, ix.GetProperty("stackHeight").GetInt32()));

        static ulong Amount(System.Text.Json.JsonElement info) => ulong.Parse(
            info.TryGetProperty("tokenAmount", out var amount) ? amount.GetProperty("amount").GetString()! : info.GetProperty("amount").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_refund_after_the_deadline_returns_everything_and_not_before()
    {
        var job = await d.OpenAsync(secondsToDeadline: 60);
        var refund = f.Program.Refund(job.Client.PublicKey, job.ClientTokens, f.Mint.PublicKey, job.RequestId);
        await d.ExpectFailureAsync(EscrowError.DeadlineNotReached, refund, [job.Client], job.ClientTokens);

        var before = await f.TokenBalanceAsync(job.ClientTokens);
        await f.Admin.AdvanceTimeAsync(120);
        await f.Rpc.SendAsync([refund], [job.Client]);
        Assert.Equal(before + Price, await f.TokenBalanceAsync(job.ClientTokens));
        Assert.Null(await f.Rpc.GetAccountInfoAsync(job.Address(f.Program)));

        // and the worker can no longer claim it
        var (worker, workerTokens) = await f.NewWorkerAsync();
        await d.ExpectFailureAsync(EscrowError.EscrowNotOpen, d.Attest(job, worker, workerTokens, d.Prove(job, worker)), [worker], workerTokens, job.ClientTokens);
    }

    [Fact]
    public async Task Attest_after_the_deadline_fails()
    {
        var job = await d.OpenAsync(secondsToDeadline: 30);
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var proof = d.Prove(job, worker);
        await f.Admin.AdvanceTimeAsync(60);
        await d.ExpectFailureAsync(EscrowError.DeadlinePassed, d.Attest(job, worker, workerTokens, proof), [worker], workerTokens, f.Treasury);
    }

    [Fact]
    public async Task A_proof_with_a_tampered_byte_fails()
    {
        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var proof = d.Prove(job, worker);
        var bytes = proof.ToSolanaBytes();
        bytes[100] ^= 1;
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, d.Attest(job, worker, workerTokens, proof, proofBytes: bytes), [worker], workerTokens, f.Treasury);
    }

    [Fact]
    public async Task Valid_proofs_for_another_document_request_or_worker_fail()
    {
        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var otherDocument = DocumentCommitment.Create(Document.Parse("A different text. It has other sentences. Four of them. Really."));
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, d.Attest(job, worker, workerTokens, d.Prove(job, worker, commitment: otherDocument)), [worker], workerTokens);
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, d.Attest(job, worker, workerTokens, d.Prove(job, worker, requestId: FieldEncoding.NewRequestId())), [worker], workerTokens);

        // Another registered worker cannot use this worker's proof: the proof binds the key that signs.
        var (thief, thiefTokens) = await f.NewWorkerAsync();
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, d.Attest(job, thief, thiefTokens, d.Prove(job, worker)), [thief], thiefTokens, workerTokens);
        await d.AttestAsync(job, worker, workerTokens); // the honest worker still can
    }

    [Fact]
    public async Task A_second_attest_fails()
    {
        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var proof = d.Prove(job, worker);
        await d.AttestAsync(job, worker, workerTokens, proof);
        await d.ExpectFailureAsync(EscrowError.EscrowNotOpen, d.Attest(job, worker, workerTokens, proof), [worker], workerTokens, f.Treasury);
    }

    private TransactionInstruction AttestDirect(Keypair worker, byte[] requestId, DocumentCommitment commitment, GroundingProof proof, byte[]? proofBytes = null, int sentences = 2) =>
        f.Program.AttestDirect(worker.PublicKey, requestId, commitment.DocRoot.ToBytesBigEndian(), EscrowProgram.VerifyingKeyHash(f.VerifyingKey),
            proof.SummaryChain.ToBytesBigEndian(), sentences, proofBytes ?? proof.ToSolanaBytes());

    [Fact]
    public async Task AttestDirect_records_a_proven_summary_paid_outside_escrow_once_and_moves_no_money()
    {
        var commitment = DocumentCommitment.Create(Article);
        var requestId = FieldEncoding.NewRequestId();
        var (worker, workerTokens) = await f.NewWorkerAsync(registered: false);
        var proof = f.Prover.Prove(GroundingInput.ForIndices(commitment, [1, 2], requestId, worker.PublicKey.ToBytes()));
        var treasuryBefore = await f.TokenBalanceAsync(f.Treasury);
        await f.Rpc.SendAsync([ComputeBudgetProgram.SetComputeUnitLimit(400_000), AttestDirect(worker, requestId, commitment, proof)], [worker]);

        var attestation = EscrowProgram.DecodeAttestation((await f.Rpc.GetAccountInfoAsync(f.Program.FindDirectAttestation(worker.PublicKey, requestId).Address))!.Data);
        Assert.Equal(requestId, attestation.RequestId);
        Assert.Equal(commitment.DocRoot.ToBytesBigEndian(), attestation.DocRoot);
        Assert.Equal(proof.PublicInputs[1].ToBytesBigEndian(), attestation.SummaryHash);
        Assert.Equal((worker.PublicKey, 2, false), (attestation.Worker, attestation.Sentences, attestation.Escrowed));
        Assert.Equal((0UL, 0UL), (attestation.PaidToWorker, attestation.PaidFee));
        Assert.Equal(EscrowProgram.VerifyingKeyHash(f.VerifyingKey), attestation.VerifyingKeyHash);
        Assert.Equal((0UL, treasuryBefore), (await f.TokenBalanceAsync(workerTokens), await f.TokenBalanceAsync(f.Treasury)));

        await d.ExpectFailureAsync(EscrowError.AttestationExists, AttestDirect(worker, requestId, commitment, proof), [worker]);
    }

    [Fact]
    public async Task AttestDirect_refuses_forged_or_mismatched_proofs()
    {
        var commitment = DocumentCommitment.Create(Article);
        var requestId = FieldEncoding.NewRequestId();
        var (worker, _) = await f.NewWorkerAsync(registered: false);
        var (thief, _) = await f.NewWorkerAsync(registered: false);
        var proof = f.Prover.Prove(GroundingInput.ForIndices(commitment, [0, 4], requestId, worker.PublicKey.ToBytes()));
        var tampered = proof.ToSolanaBytes();
        tampered[200] ^= 1;
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, AttestDirect(worker, requestId, commitment, proof, tampered), [worker]);
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, AttestDirect(thief, requestId, commitment, proof), [thief]); // another signer
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, AttestDirect(worker, FieldEncoding.NewRequestId(), commitment, proof), [worker]); // another request
        var other = DocumentCommitment.Create(Document.Parse("A different text. It has other sentences. Four of them. Really."));
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, AttestDirect(worker, requestId, other, proof), [worker]); // another document
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, AttestDirect(worker, requestId, commitment, proof, sentences: 3), [worker]); // another count
        await d.ExpectFailureAsync(EscrowError.InvalidSentenceCount, AttestDirect(worker, requestId, commitment, proof, sentences: 17), [worker]);
        var outOfField = (byte[])requestId.Clone();
        outOfField[0] = 0xFF;
        await d.ExpectFailureAsync(EscrowError.InvalidRequestId, AttestDirect(worker, outOfField, commitment, proof), [worker]);
        Assert.Null(await f.Rpc.GetAccountInfoAsync(f.Program.FindDirectAttestation(worker.PublicKey, requestId).Address));
    }

    [Fact]
    public async Task The_wrong_mint_fails()
    {
        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        using var otherMint = Keypair.Generate();
        await f.Tokens.CreateMintAsync(f.MintAuthority, otherMint, EscrowFixture.Decimals, f.MintAuthority.PublicKey);
        await d.ExpectFailureAsync(EscrowError.WrongMint, d.Attest(job, worker, workerTokens, d.Prove(job, worker), otherMint.PublicKey), [worker], workerTokens);

        var (client, tokens) = await f.NewWalletAsync(Price);
        var open = f.Program.OpenEscrow(client.PublicKey, tokens, otherMint.PublicKey, FieldEncoding.NewRequestId(), new byte[32], Price, job.Deadline, f.Operator.PublicKey, Sentences, f.VerifyingKeyHash);
        await d.ExpectFailureAsync(EscrowError.WrongMint, open, [client], tokens);
    }

    [Fact]
    public async Task A_missing_signer_fails()
    {
        var job = await d.OpenAsync(secondsToDeadline: 5);
        await f.Admin.AdvanceTimeAsync(10);
        var refund = f.Program.Refund(job.Client.PublicKey, job.ClientTokens, f.Mint.PublicKey, job.RequestId);
        using var stranger = Keypair.Generate();
        await f.FundSolAsync(stranger.PublicKey);
        await d.ExpectFailureAsync(EscrowError.MissingSigner, WithAccount(refund, 0, job.Client.PublicKey), [stranger], job.ClientTokens);
    }

    [Fact]
    public async Task Building_the_program_again_gives_the_same_bytes_and_the_hash_in_the_readme()
    {
        Assert.Equal(f.ProgramBytes, await EscrowFixture.BuildProgramAsync());
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.ProgramBytes));
        var readme = await File.ReadAllTextAsync(Testing.RepoPaths.Combine("README.md"));
        Assert.True(readme.Contains(hash, StringComparison.Ordinal),
            $"README.md does not record the program's SHA-256 {hash}. Update it when src/onchain/ changes (src/onchain/build.sh prints it).");
    }
}
