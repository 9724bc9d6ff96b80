using System.Text;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using static ZkSummarize.Onchain.Tests.EscrowDriver;

namespace ZkSummarize.Onchain.Tests;

/// <summary>
/// The attacks of docs/security.md against the program, each written as the attacker's transaction on
/// the dev chain: every one is refused with its own error and moves no funds, or, where the attack was to
/// block a payout or a refund, the honest transaction still goes through.
/// </summary>
public sealed class EscrowAttackTests(EscrowFixture f) : IClassFixture<EscrowFixture>
{
    private readonly EscrowDriver d = new(f);

    /// <summary>An address of <paramref name="seeds"/> at a valid bump below the canonical one: what the old program let callers pick.</summary>
    private PublicKey NonCanonical(params byte[][] seeds)
    {
        var (_, canonical) = PublicKey.FindProgramAddress(seeds, f.Program.ProgramId);
        for (var bump = canonical - 1; bump >= 0; bump--)
        {
            if (PublicKey.TryCreateProgramAddress([.. seeds, [(byte)bump]], f.Program.ProgramId, out var address)) return address;
        }
        throw new InvalidOperationException("no second bump");
    }

    private async Task<Keypair> FundedAsync()
    {
        var key = Keypair.Generate();
        await f.FundSolAsync(key.PublicKey);
        return key;
    }

    // security.md S1: a second config at another bump, with the attacker's treasury and key.
    [Fact]
    public async Task A_config_at_another_bump_is_refused_even_to_the_upgrade_authority()
    {
        var initialize = f.Program.InitializeConfig(f.ProgramAdmin.PublicKey, f.Mint.PublicKey, f.Treasury, 0);
        var second = WithAccount(initialize, 1, NonCanonical(Encoding.ASCII.GetBytes("config")));
        await d.ExpectFailureAsync(EscrowError.WrongConfigAddress, second, [f.ProgramAdmin]);
        await d.ExpectFailureAsync(EscrowError.ConfigAlreadyInitialized, initialize, [f.ProgramAdmin]);
    }

    // S1: and if such a config existed (the old program allowed it), an escrow would still settle only under its own.
    [Fact]
    public async Task An_escrow_settles_only_under_the_config_it_was_opened_with()
    {
        var job = await d.OpenAsync();
        var (attacker, attackerTokens) = await f.NewWorkerAsync();
        var fakeConfig = NonCanonical(Encoding.ASCII.GetBytes("config"));
        var configData = (await f.Rpc.GetAccountInfoAsync(f.Program.FindConfig().Address))!.Data.ToArray();
        attackerTokens.ToBytes().CopyTo(configData, 72); // the attacker's treasury
        await f.Admin.SetAccountAsync(fakeConfig.ToString(), 10_000_000, configData, f.Program.ProgramId.ToString());
        var attest = WithAccount(d.Attest(job, attacker, attackerTokens, d.Prove(job, attacker)), 8, fakeConfig);
        await d.ExpectFailureAsync(EscrowError.WrongConfigAddress, attest, [attacker], attackerTokens, job.Escrow.Vault);
    }

    // S2: the first caller of InitializeConfig became the admin, so a stranger could front-run a deploy.
    [Fact]
    public async Task Only_the_upgrade_authority_initialises_a_program()
    {
        var program = new EscrowProgram(Keypair.Generate().PublicKey);
        await f.Admin.AddProgramAsync(program.ProgramId.ToString(), f.ProgramBytes, f.ProgramAdmin.PublicKey.ToString());
        var stranger = await FundedAsync();
        await d.ExpectFailureAsync(EscrowError.NotUpgradeAuthority, program.InitializeConfig(stranger.PublicKey, f.Mint.PublicKey, f.Treasury, 0), [stranger]);

        // A ProgramData look-alike naming the stranger, at an address the program account does not point to.
        var programData = (await f.Rpc.GetAccountInfoAsync(program.ProgramDataAddress))!;
        var forged = programData.Data.ToArray();
        stranger.PublicKey.ToBytes().CopyTo(forged, 13);
        var fake = Keypair.Generate().PublicKey;
        await f.Admin.SetAccountAsync(fake.ToString(), programData.Lamports, forged, EscrowProgram.UpgradeableLoader.ToString());
        await d.ExpectFailureAsync(EscrowError.WrongProgramAccount, WithAccount(program.InitializeConfig(stranger.PublicKey, f.Mint.PublicKey, f.Treasury, 0), 5, fake), [stranger]);

        // A program deployed without an upgrade authority (immutable) can never be initialised by anyone.
        var immutable = new EscrowProgram(Keypair.Generate().PublicKey);
        await f.Admin.AddProgramAsync(immutable.ProgramId.ToString(), f.ProgramBytes);
        await d.ExpectFailureAsync(EscrowError.NotUpgradeAuthority, immutable.InitializeConfig(f.ProgramAdmin.PublicKey, f.Mint.PublicKey, f.Treasury, 0), [f.ProgramAdmin]);

        await f.Rpc.SendAsync([program.InitializeConfig(f.ProgramAdmin.PublicKey, f.Mint.PublicKey, f.Treasury, 0)], [f.ProgramAdmin]);
        Assert.Equal(f.ProgramAdmin.PublicKey, EscrowProgram.DecodeConfig((await f.Rpc.GetAccountInfoAsync(program.FindConfig().Address))!.Data).Admin);
    }

    // S3: tokens sent to the vault made Attest fail to close it, so the worker was never paid.
    [Fact]
    public async Task Tokens_sent_to_the_vault_do_not_block_the_payout_and_go_back_to_the_client()
    {
        var job = await d.OpenAsync();
        var (stranger, strangerTokens) = await f.NewWalletAsync(10);
        await f.Tokens.TransferCheckedAsync(stranger, strangerTokens, f.Mint.PublicKey, job.Escrow.Vault, 3, EscrowFixture.Decimals);
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var clientBefore = await f.TokenBalanceAsync(job.ClientTokens);
        await d.AttestAsync(job, worker, workerTokens);
        var fee = Price * EscrowFixture.FeeBasisPoints / 10_000;
        Assert.Equal(Price - fee, await f.TokenBalanceAsync(workerTokens));
        Assert.Equal(clientBefore + 3, await f.TokenBalanceAsync(job.ClientTokens));
        Assert.Null(await f.Rpc.GetAccountInfoAsync(job.Escrow.Vault));
    }

    // S3: and the refund takes everything back, the extra included.
    [Fact]
    public async Task Tokens_sent_to_the_vault_do_not_block_the_refund()
    {
        var job = await d.OpenAsync(secondsToDeadline: 5);
        var (stranger, strangerTokens) = await f.NewWalletAsync(10);
        await f.Tokens.TransferCheckedAsync(stranger, strangerTokens, f.Mint.PublicKey, job.Escrow.Vault, 4, EscrowFixture.Decimals);
        await f.Admin.AdvanceTimeAsync(10);
        var before = await f.TokenBalanceAsync(job.ClientTokens);
        await f.Rpc.SendAsync([f.Program.Refund(job.Client.PublicKey, job.ClientTokens, f.Mint.PublicKey, job.RequestId)], [job.Client]);
        Assert.Equal(before + Price + 4, await f.TokenBalanceAsync(job.ClientTokens));
    }

    // S4: lamports sent to the attestation address made CreateAccount fail ("already in use").
    [Theory]
    [InlineData(900_000UL)]         // an empty account's rent-exempt minimum, less than an attestation's: the worker tops it up
    [InlineData(5_000_000UL)]       // more than the rent
    public async Task Lamports_sent_to_the_attestation_address_do_not_block_the_payout(ulong lamports)
    {
        var job = await d.OpenAsync();
        var attestation = f.Program.FindAttestation(job.RequestId).Address;
        var stranger = await FundedAsync();
        await f.Rpc.SendAsync([SystemProgram.Transfer(stranger.PublicKey, attestation, lamports)], [stranger]);
        var (worker, workerTokens) = await f.NewWorkerAsync();
        await d.AttestAsync(job, worker, workerTokens);
        var account = (await f.Rpc.GetAccountInfoAsync(attestation))!;
        Assert.Equal(f.Program.ProgramId, account.Owner);
        Assert.Equal(worker.PublicKey, EscrowProgram.DecodeAttestation(account.Data).Worker);
    }

    // S4: the same for the escrow's address before OpenEscrow, which would block the client's payment.
    [Fact]
    public async Task Lamports_sent_to_the_escrow_address_do_not_block_opening_it()
    {
        var (client, tokens) = await f.NewWalletAsync(Price);
        var requestId = FieldEncoding.NewRequestId();
        var stranger = await FundedAsync();
        await f.Rpc.SendAsync([SystemProgram.Transfer(stranger.PublicKey, f.Program.FindEscrow(requestId).Address, 2_000_000)], [stranger]);
        var deadline = await f.Admin.AdvanceTimeAsync(0) + 600;
        await f.Rpc.SendAsync(f.Program.OpenEscrowWithVault(client.PublicKey, tokens, f.Mint.PublicKey, requestId, new byte[32], Price, deadline, f.Operator.PublicKey, Sentences, f.VerifyingKeyHash), [client]);
        Assert.Equal(Price, (await f.EscrowAsync(requestId)).Amount);
    }

    // S5: AttestDirect with an escrow's request id took the escrow's attestation address.
    [Fact]
    public async Task A_direct_attestation_of_an_escrows_request_id_does_not_block_it()
    {
        var job = await d.OpenAsync();
        var (squatter, _) = await f.NewWorkerAsync(registered: false);
        var proof = d.Prove(job, squatter);
        await f.Rpc.SendAsync([ComputeBudgetProgram.SetComputeUnitLimit(400_000), f.Program.AttestDirect(squatter.PublicKey, job.RequestId, job.Commitment.DocRoot.ToBytesBigEndian(),
            job.Escrow.VerifyingKeyHash, proof.SummaryChain.ToBytesBigEndian(), Sentences, proof.ToSolanaBytes())], [squatter]);
        Assert.Null(await f.Rpc.GetAccountInfoAsync(f.Program.FindAttestation(job.RequestId).Address));
        var (worker, workerTokens) = await f.NewWorkerAsync();
        await d.AttestAsync(job, worker, workerTokens);
        Assert.Equal(worker.PublicKey, EscrowProgram.DecodeAttestation((await f.Rpc.GetAccountInfoAsync(f.Program.FindAttestation(job.RequestId).Address))!.Data).Worker);
    }

    // S6: anyone who knew the document could prove a summary with their own key and take the payment.
    [Fact]
    public async Task Only_a_worker_the_escrows_operator_registered_can_claim_it()
    {
        var job = await d.OpenAsync();
        var (stranger, strangerTokens) = await f.NewWorkerAsync(registered: false);
        await d.ExpectFailureAsync(EscrowError.WorkerNotRegistered, d.Attest(job, stranger, strangerTokens, d.Prove(job, stranger)), [stranger], strangerTokens, job.Escrow.Vault);

        // Registering yourself under your own key does not make you the escrow's operator's worker.
        await f.Rpc.SendAsync([f.Program.RegisterWorker(stranger.PublicKey, stranger.PublicKey)], [stranger]);
        var selfRegistered = WithAccount(d.Attest(job, stranger, strangerTokens, d.Prove(job, stranger)), 10, f.Program.FindWorkerRegistration(stranger.PublicKey, stranger.PublicKey).Address);
        await d.ExpectFailureAsync(EscrowError.WorkerNotRegistered, selfRegistered, [stranger], strangerTokens, job.Escrow.Vault);

        // A stranger cannot remove the operator's worker either.
        var (worker, workerTokens) = await f.NewWorkerAsync();
        await d.ExpectFailureAsync(EscrowError.WorkerNotRegistered, WithAccount(f.Program.DeregisterWorker(stranger.PublicKey, worker.PublicKey), 1,
            f.Program.FindWorkerRegistration(f.Operator.PublicKey, worker.PublicKey).Address), [stranger]);

        // Once the operator deregisters its worker, that worker can no longer claim.
        await f.Rpc.SendAsync([f.Program.DeregisterWorker(f.Operator.PublicKey, worker.PublicKey)], [f.Operator]);
        await d.ExpectFailureAsync(EscrowError.WorkerNotRegistered, d.Attest(job, worker, workerTokens, d.Prove(job, worker)), [worker], workerTokens, job.Escrow.Vault);
        await f.Rpc.SendAsync([f.Program.RegisterWorker(f.Operator.PublicKey, worker.PublicKey)], [f.Operator]);
        await d.AttestAsync(job, worker, workerTokens);
    }

    // S6: a one-sentence summary cannot claim an escrow paid for more.
    [Fact]
    public async Task A_proof_of_another_sentence_count_than_paid_for_is_refused()
    {
        var job = await d.OpenAsync(sentences: 3);
        var (worker, workerTokens) = await f.NewWorkerAsync();
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, d.Attest(job, worker, workerTokens, d.Prove(job, worker, indices: [2])), [worker], workerTokens, job.Escrow.Vault);
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, d.Attest(job, worker, workerTokens, d.Prove(job, worker, indices: [0, 1, 2, 3])), [worker], workerTokens);
        await d.AttestAsync(job, worker, workerTokens, d.Prove(job, worker, indices: [0, 2, 4]));

        var (client, tokens) = await f.NewWalletAsync(Price);
        var deadline = await f.Admin.AdvanceTimeAsync(0) + 600;
        foreach (var sentences in new[] { 0, 17 })
        {
            await d.ExpectFailureAsync(EscrowError.InvalidSentenceCount, f.Program.OpenEscrow(client.PublicKey, tokens, f.Mint.PublicKey, FieldEncoding.NewRequestId(), new byte[32],
                Price, deadline, f.Operator.PublicKey, sentences, f.VerifyingKeyHash), [client], tokens);
        }
    }

    // S7: one request id, many escrow, attestation or registration accounts at other bumps.
    [Fact]
    public async Task Accounts_at_non_canonical_addresses_are_refused()
    {
        var (client, tokens) = await f.NewWalletAsync(Price);
        var requestId = FieldEncoding.NewRequestId();
        var deadline = await f.Admin.AdvanceTimeAsync(0) + 600;
        var open = f.Program.OpenEscrow(client.PublicKey, tokens, f.Mint.PublicKey, requestId, new byte[32], Price, deadline, f.Operator.PublicKey, Sentences, f.VerifyingKeyHash);
        await d.ExpectFailureAsync(EscrowError.WrongEscrowAddress, WithAccount(open, 1, NonCanonical(Encoding.ASCII.GetBytes("escrow"), requestId)), [client], tokens);

        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var attest = WithAccount(d.Attest(job, worker, workerTokens, d.Prove(job, worker)), 5, NonCanonical(Encoding.ASCII.GetBytes("attest"), job.RequestId));
        await d.ExpectFailureAsync(EscrowError.WrongAttestationAddress, attest, [worker], workerTokens, job.Escrow.Vault);

        var other = Keypair.Generate().PublicKey;
        var register = WithAccount(f.Program.RegisterWorker(f.Operator.PublicKey, other), 1, NonCanonical(Encoding.ASCII.GetBytes("worker"), f.Operator.PublicKey.ToBytes(), other.ToBytes()));
        await d.ExpectFailureAsync(EscrowError.WrongWorkerAddress, register, [f.Operator]);
    }

    /// <summary>A different key of valid points that proves nothing: δ := γ, and for <paramref name="variant"/> 1 also IC0 := IC1.</summary>
    private byte[] UselessKey(int variant = 0)
    {
        var key = (byte[])f.VerifyingKey.Clone();
        f.VerifyingKey.AsSpan(64 + 128, 128).CopyTo(key.AsSpan(64 + 256));
        if (variant == 1) f.VerifyingKey.AsSpan(512, 64).CopyTo(key.AsSpan(448));
        return key;
    }

    private Task SetKeyAsync(byte[] key, byte slot) => f.Rpc.SendAsync([f.Program.SetVerifyingKey(f.ProgramAdmin.PublicKey, key, slot)], [f.ProgramAdmin]);

    private async Task<EscrowConfig> ConfigAsync() => EscrowProgram.DecodeConfig((await f.Rpc.GetAccountInfoAsync(f.Program.FindConfig().Address))!.Data);

    // S8: the admin replaced the verifying key while escrows were open, and nothing recorded which key an attestation used.
    [Fact]
    public async Task An_open_escrow_settles_under_the_key_it_was_opened_with()
    {
        var before = await d.OpenAsync();
        var other = UselessKey();
        try
        {
            await SetKeyAsync(other, 0);
            // The replaced key is no longer current: a client that still names it is refused.
            var (client, tokens) = await f.NewWalletAsync(Price);
            await d.ExpectFailureAsync(EscrowError.VerifyingKeyNotCurrent, f.Program.OpenEscrow(client.PublicKey, tokens, f.Mint.PublicKey, FieldEncoding.NewRequestId(), new byte[32],
                Price, before.Deadline, f.Operator.PublicKey, Sentences, f.VerifyingKeyHash), [client], tokens);
            var after = await d.OpenAsync(verifyingKeyHash: EscrowProgram.VerifyingKeyHash(other));
            Assert.Equal(EscrowProgram.VerifyingKeyHash(other), after.Escrow.VerifyingKeyHash);

            var (worker, workerTokens) = await f.NewWorkerAsync();
            // Settling the old escrow under the new key is refused; under its own key it goes through.
            var underNewKey = WithAccount(d.Attest(before, worker, workerTokens, d.Prove(before, worker)), 9, f.Program.FindVerifyingKey(EscrowProgram.VerifyingKeyHash(other)).Address);
            await d.ExpectFailureAsync(EscrowError.WrongVerifyingKey, underNewKey, [worker], workerTokens, before.Escrow.Vault);
            await d.AttestAsync(before, worker, workerTokens);
            var attestation = EscrowProgram.DecodeAttestation((await f.Rpc.GetAccountInfoAsync(f.Program.FindAttestation(before.RequestId).Address))!.Data);
            Assert.Equal(EscrowProgram.VerifyingKeyHash(f.VerifyingKey), attestation.VerifyingKeyHash);

            // The escrow opened under the new key cannot be settled with the old one, nor proven under the new (useless) one.
            var underOldKey = WithAccount(d.Attest(after, worker, workerTokens, d.Prove(after, worker)), 9, f.Program.FindVerifyingKey(EscrowProgram.VerifyingKeyHash(f.VerifyingKey)).Address);
            await d.ExpectFailureAsync(EscrowError.WrongVerifyingKey, underOldKey, [worker], workerTokens, after.Escrow.Vault);
            await d.ExpectFailureAsync(EscrowError.ProofInvalid, d.Attest(after, worker, workerTokens, d.Prove(after, worker)), [worker], workerTokens, after.Escrow.Vault);
        }
        finally
        {
            await f.Rpc.SendAsync([f.Program.SetVerifyingKey(f.ProgramAdmin.PublicKey, f.VerifyingKey)], [f.ProgramAdmin]);
        }
    }

    // S15: OpenEscrow names the key it settles under; the program takes only one of the config's current keys.
    [Fact]
    public async Task Opening_under_a_key_that_is_not_current_is_refused_and_moves_nothing()
    {
        var (client, tokens) = await f.NewWalletAsync(Price);
        var deadline = await f.Admin.AdvanceTimeAsync(0) + 600;
        var stored = UselessKey(1);
        await SetKeyAsync(stored, 3);
        await SetKeyAsync(UselessKey(), 3); // stored on chain, but no longer current
        foreach (var hash in new[] { EscrowProgram.VerifyingKeyHash(stored), EscrowProgram.VerifyingKeyHash(new byte[EscrowProgram.VerifyingKeyLength]), new byte[32] })
        {
            var requestId = FieldEncoding.NewRequestId();
            await d.ExpectFailureAsync(EscrowError.VerifyingKeyNotCurrent, f.Program.OpenEscrowWithVault(client.PublicKey, tokens, f.Mint.PublicKey, requestId, new byte[32],
                Price, deadline, f.Operator.PublicKey, Sentences, hash)[1], [client], tokens);
            Assert.Null(await f.Rpc.GetAccountInfoAsync(f.Program.FindEscrow(requestId).Address));
        }
    }

    // S8: a key per circuit of the family, each in its slot; the admin changing a slot never changes an open escrow.
    [Fact]
    public async Task Changing_a_slot_leaves_open_escrows_and_the_other_slots_alone()
    {
        var member = UselessKey(1);
        await SetKeyAsync(member, 2);
        var config = await ConfigAsync();
        Assert.Equal(EscrowProgram.VerifyingKeyHash(member), config.VerifyingKeyHashes[2]);
        Assert.Equal(f.VerifyingKeyHash, config.VerifyingKeyHash);
        var underMember = await d.OpenAsync(verifyingKeyHash: EscrowProgram.VerifyingKeyHash(member));
        var recorded = (await f.Rpc.GetAccountInfoAsync(underMember.Address(f.Program)))!.Data.ToArray();
        Assert.Equal(EscrowProgram.VerifyingKeyHash(member), underMember.Escrow.VerifyingKeyHash);

        await SetKeyAsync(UselessKey(), 2);
        Assert.Equal(recorded, (await f.Rpc.GetAccountInfoAsync(underMember.Address(f.Program)))!.Data.ToArray());
        Assert.Equal(f.VerifyingKeyHash, (await ConfigAsync()).VerifyingKeyHash);
        var (worker, workerTokens) = await f.NewWorkerAsync();
        // Attest still takes the escrow's own (replaced) key: the proof fails on its merits, not on the key.
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, d.Attest(underMember, worker, workerTokens, d.Prove(underMember, worker)), [worker], workerTokens, underMember.Escrow.Vault);
        await d.ExpectFailureAsync(EscrowError.InvalidKeySlot, f.Program.SetVerifyingKey(f.ProgramAdmin.PublicKey, member, EscrowProgram.KeySlots), [f.ProgramAdmin], f.Treasury);
        await d.ExpectFailureAsync(EscrowError.InvalidKeySlot, f.Program.SetVerifyingKey(f.ProgramAdmin.PublicKey, member, 255), [f.ProgramAdmin], f.Treasury);
    }

    // S16: AttestDirect has no escrow to name a key: it takes any current key, and only a current one.
    [Fact]
    public async Task AttestDirect_under_a_key_that_is_not_current_is_refused()
    {
        var (worker, _) = await f.NewWorkerAsync();
        var requestId = FieldEncoding.NewRequestId();
        var commitment = DocumentCommitment.Create(Article);
        var proof = f.Prover.Prove(GroundingInput.ForIndices(commitment, [0, 3], requestId, worker.PublicKey.ToBytes()));
        TransactionInstruction Direct(byte[] keyHash) => f.Program.AttestDirect(worker.PublicKey, requestId, commitment.DocRoot.ToBytesBigEndian(), keyHash,
            proof.SummaryChain.ToBytesBigEndian(), Sentences, proof.ToSolanaBytes());
        var stored = UselessKey(1);
        await SetKeyAsync(stored, 1);
        await SetKeyAsync(UselessKey(), 1);
        await d.ExpectFailureAsync(EscrowError.VerifyingKeyNotCurrent, Direct(EscrowProgram.VerifyingKeyHash(stored)), [worker]);
        await d.ExpectFailureAsync(EscrowError.WrongVerifyingKey, Direct(EscrowProgram.VerifyingKeyHash(new byte[EscrowProgram.VerifyingKeyLength])), [worker]); // never stored
        await f.Rpc.SendAsync([ComputeBudgetProgram.SetComputeUnitLimit(400_000), Direct(f.VerifyingKeyHash)], [worker]);
    }

    // S8 end to end: an escrow opened under another circuit's key (the full circuit's, in the smallest member's slot for
    // this test) settles with that circuit's proof, and not with a proof of the fixture's circuit under the fixture's key.
    [Fact]
    public async Task An_escrow_under_another_circuits_key_settles_with_that_circuits_proof_and_no_other()
    {
        var fullKey = SolanaEncoding.EncodeVerifyingKey(f.FullProver.VerifyingKey);
        await SetKeyAsync(fullKey, GroundingFamily.News.KeySlot);
        var job = await d.OpenAsync(verifyingKeyHash: EscrowProgram.VerifyingKeyHash(fullKey));
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var other = d.Prove(job, worker);
        await d.ExpectFailureAsync(EscrowError.ProofInvalid, d.Attest(job, worker, workerTokens, other), [worker], workerTokens, job.Escrow.Vault);
        var underOtherKey = WithAccount(d.Attest(job, worker, workerTokens, other), 9, f.Program.FindVerifyingKey(f.VerifyingKeyHash).Address);
        await d.ExpectFailureAsync(EscrowError.WrongVerifyingKey, underOtherKey, [worker], workerTokens, job.Escrow.Vault);

        var full = f.FullProver.Prove(GroundingInput.ForIndices(job.Commitment, [0, 3], job.RequestId, worker.PublicKey.ToBytes()));
        await d.AttestAsync(job, worker, workerTokens, full);
        var attestation = EscrowProgram.DecodeAttestation((await f.Rpc.GetAccountInfoAsync(f.Program.FindAttestation(job.RequestId).Address))!.Data);
        Assert.Equal(EscrowProgram.VerifyingKeyHash(fullKey), attestation.VerifyingKeyHash);
        Assert.Equal(Price - Price * EscrowFixture.FeeBasisPoints / 10_000, await f.TokenBalanceAsync(workerTokens));
    }

    // S8: only the admin sets a key.
    [Fact]
    public async Task Only_the_admin_sets_the_verifying_key()
    {
        var intruder = await FundedAsync();
        await d.ExpectFailureAsync(EscrowError.NotAdmin, f.Program.SetVerifyingKey(intruder.PublicKey, new byte[EscrowProgram.VerifyingKeyLength]), [intruder], f.Treasury);
        var config = EscrowProgram.DecodeConfig((await f.Rpc.GetAccountInfoAsync(f.Program.FindConfig().Address))!.Data);
        Assert.Equal(f.ProgramAdmin.PublicKey, config.Admin);
        Assert.Equal(EscrowProgram.VerifyingKeyHash(f.VerifyingKey), config.VerifyingKeyHash);
    }

    // S9: spoofed accounts in Attest: a look-alike escrow, someone else's vault, the vault as the worker's account, another's token account as the client's.
    [Fact]
    public async Task Spoofed_accounts_are_refused()
    {
        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var honest = d.Attest(job, worker, workerTokens, d.Prove(job, worker));

        var (_, strangerTokens) = await f.NewWalletAsync(Price);
        await d.ExpectFailureAsync(EscrowError.WrongVault, WithAccount(honest, 2, strangerTokens), [worker], workerTokens, strangerTokens);
        await d.ExpectFailureAsync(EscrowError.DuplicateAccount, WithAccount(honest, 3, job.Escrow.Vault), [worker], job.Escrow.Vault);
        await d.ExpectFailureAsync(EscrowError.WrongOwner, WithAccount(honest, 7, strangerTokens), [worker], strangerTokens, job.Escrow.Vault);
        await d.ExpectFailureAsync(EscrowError.WrongTreasury, WithAccount(honest, 4, strangerTokens), [worker], strangerTokens, job.Escrow.Vault);
        await d.ExpectFailureAsync(EscrowError.WrongClient, WithAccount(honest, 6, worker.PublicKey), [worker], job.Escrow.Vault);

        // An account owned by the program with a copy of the escrow's data, at an address that is not the PDA.
        var copyOfEscrow = (await f.Rpc.GetAccountInfoAsync(job.Address(f.Program)))!.Data;
        var fake = Keypair.Generate().PublicKey;
        await f.Admin.SetAccountAsync(fake.ToString(), 10_000_000, copyOfEscrow, f.Program.ProgramId.ToString());
        await d.ExpectFailureAsync(EscrowError.WrongEscrowAddress, WithAccount(honest, 1, fake), [worker], workerTokens);

        // A worker registration look-alike the program did not write (owned by someone else).
        var registration = (await f.Rpc.GetAccountInfoAsync(f.Program.FindWorkerRegistration(f.Operator.PublicKey, worker.PublicKey).Address))!.Data;
        var fakeRegistration = Keypair.Generate().PublicKey;
        await f.Admin.SetAccountAsync(fakeRegistration.ToString(), 10_000_000, registration, SystemProgram.ProgramId.ToString());
        var (outsider, outsiderTokens) = await f.NewWorkerAsync(registered: false);
        var withFake = WithAccount(d.Attest(job, outsider, outsiderTokens, d.Prove(job, outsider)), 10, fakeRegistration);
        await d.ExpectFailureAsync(EscrowError.WorkerNotRegistered, withFake, [outsider], outsiderTokens, job.Escrow.Vault);
    }
}
