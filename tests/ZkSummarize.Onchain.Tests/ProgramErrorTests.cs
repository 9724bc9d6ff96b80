using System.Text.RegularExpressions;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using static ZkSummarize.Onchain.Tests.EscrowDriver;

namespace ZkSummarize.Onchain.Tests;

/// <summary>
/// Every error code of the program, each triggered by the transaction that should trigger it, with no
/// balance moving (the attacks of docs/security.md are in <see cref="EscrowAttackTests"/>). A last test
/// checks that every code is asserted somewhere in the tests.
/// </summary>
public sealed class ProgramErrorTests(EscrowFixture f) : IClassFixture<EscrowFixture>
{
    private readonly EscrowDriver d = new(f);

    /// <summary>Two codes cannot be caused from outside, and say why.</summary>
    private static readonly Dictionary<EscrowError, string> Unreachable = new()
    {
        [EscrowError.ArithmeticOverflow] = "the fee is at most 10,000 basis points of the amount, and lamports cannot sum past u64 (the supply is far below it): kept as defence in depth",
        [EscrowError.CpiFailed] = "a failing CPI aborts the whole instruction with the callee's own error before our code sees a return value (tested below)",
    };

    private TransactionInstruction Open(Keypair client, PublicKey tokens, byte[]? requestId = null, byte[]? docRoot = null, ulong amount = Price, long? deadline = null, EscrowProgram? program = null) =>
        (program ?? f.Program).OpenEscrow(client.PublicKey, tokens, f.Mint.PublicKey, requestId ?? FieldEncoding.NewRequestId(), docRoot ?? new byte[32], amount,
            deadline ?? DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds(), f.Operator.PublicKey, Sentences, f.VerifyingKeyHash);

    private static TransactionInstruction WithData(TransactionInstruction instruction, byte[] data) => instruction with { Data = data };

    [Fact]
    public async Task Malformed_instructions_are_refused()
    {
        var (client, tokens) = await f.NewWalletAsync(Price);
        var open = Open(client, tokens);
        await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(open, [99]), [client], tokens);                       // unknown tag
        await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(open, open.Data[..^1]), [client], tokens);            // a byte short
        await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(open, [.. open.Data, 0]), [client], tokens);          // a byte long
        await d.ExpectFailureAsync(EscrowError.NotEnoughAccounts, open with { Accounts = open.Accounts.Take(7).ToArray() }, [client], tokens);
    }

    /// <summary>
    /// Each instruction's data has one length: a byte short or long is refused before anything is read from it (the
    /// mutation run found SetVerifyingKey's check untested: without it a byte long stored the key, and a byte short
    /// hashed a byte past the data; nor did any test send it with too few accounts).
    /// </summary>
    [Fact]
    public async Task Instruction_data_a_byte_short_or_long_or_too_few_accounts_are_refused()
    {
        var set = f.Program.SetVerifyingKey(f.ProgramAdmin.PublicKey, Enumerable.Range(0, EscrowProgram.VerifyingKeyLength).Select(i => (byte)(i * 7)).ToArray(), slot: 3);
        await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(set, set.Data[..^1]), [f.ProgramAdmin]);
        await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(set, [.. set.Data, 0]), [f.ProgramAdmin]);
        await d.ExpectFailureAsync(EscrowError.NotEnoughAccounts, set with { Accounts = set.Accounts.Take(3).ToArray() }, [f.ProgramAdmin]); // also found by the mutation run

        var register = f.Program.RegisterWorker(f.Operator.PublicKey, Keypair.Generate().PublicKey);
        await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(register, [.. register.Data, 0]), [f.Operator]);

        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var attest = d.Attest(job, worker, workerTokens, d.Prove(job, worker));
        await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(attest, attest.Data[..^1]), [worker], job.Escrow.Vault, workerTokens);
        await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(attest, [.. attest.Data, 0]), [worker], job.Escrow.Vault, workerTokens);
        Assert.Equal(EscrowProgram.VerifyingKeyLength + 2, set.Data.Length);
    }

    /// <summary>
    /// Only the admin's signature sets a key: a stranger who names the admin's address without its signature is
    /// refused, and the slot stays as it was (the mutation run found no test that sent this).
    /// </summary>
    [Fact]
    public async Task Setting_a_key_needs_the_admins_signature_not_only_its_address()
    {
        using var stranger = Keypair.Generate();
        await f.FundSolAsync(stranger.PublicKey);
        var key = Enumerable.Range(0, EscrowProgram.VerifyingKeyLength).Select(i => (byte)(i * 11)).ToArray();
        var set = f.Program.SetVerifyingKey(f.ProgramAdmin.PublicKey, key, slot: 3);
        var unsigned = set with { Accounts = set.Accounts.Select((a, i) => i == 0 ? AccountMeta.Writable(f.ProgramAdmin.PublicKey) : a).ToArray() };
        await d.ExpectFailureAsync(EscrowError.MissingSigner, unsigned, [stranger]);
        var config = EscrowProgram.DecodeConfig((await f.Rpc.GetAccountInfoAsync(f.Program.FindConfig().Address))!.Data);
        Assert.False(config.IsCurrentKey(EscrowProgram.VerifyingKeyHash(key)));
    }

    /// <summary>One valid instance of each of the eight instructions, with its signer, and the token accounts they could move.</summary>
    private async Task<(IReadOnlyList<(TransactionInstruction Instruction, Keypair Signer)> Instructions, PublicKey[] TokenAccounts, EscrowJob Job)> EveryInstructionAsync()
    {
        var (client, tokens) = await f.NewWalletAsync(Price);
        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var proof = d.Prove(job, worker);
        var key = Enumerable.Range(0, EscrowProgram.VerifyingKeyLength).Select(i => (byte)(i * 13)).ToArray();
        var direct = f.Program.AttestDirect(worker.PublicKey, FieldEncoding.NewRequestId(), job.Commitment.DocRoot.ToBytesBigEndian(), f.VerifyingKeyHash,
            proof.SummaryChain.ToBytesBigEndian(), Sentences, proof.ToSolanaBytes());
        (TransactionInstruction, Keypair)[] instructions =
        [
            (f.Program.InitializeConfig(f.ProgramAdmin.PublicKey, f.Mint.PublicKey, f.Treasury, 0), f.ProgramAdmin),
            (f.Program.SetVerifyingKey(f.ProgramAdmin.PublicKey, key, slot: 3), f.ProgramAdmin),
            (f.Program.RegisterWorker(f.Operator.PublicKey, Keypair.Generate().PublicKey), f.Operator),
            (f.Program.DeregisterWorker(f.Operator.PublicKey, worker.PublicKey), f.Operator),
            (Open(client, tokens), client),
            (d.Attest(job, worker, workerTokens, proof), worker),
            (direct, worker),
            (f.Program.Refund(job.Client.PublicKey, job.ClientTokens, f.Mint.PublicKey, job.RequestId), job.Client),
        ];
        return (instructions, [tokens, job.ClientTokens, job.Escrow.Vault, workerTokens, f.Treasury], job);
    }

    /// <summary>
    /// Every account an instruction writes must be passed writable, and the program says so first: each instruction
    /// with each of its writable accounts passed read-only is refused with NotWritable, nothing moving. Someone else
    /// pays the fees, as a fee payer is always writable (so the mutation run found the admin's check in
    /// SetVerifyingKey untested: the admin paid for every test's transaction), and the drop of any other such check
    /// was killed only minutes into the slowest test class.
    /// </summary>
    [Fact]
    public async Task Every_account_an_instruction_writes_must_be_passed_writable()
    {
        using var payer = Keypair.Generate();
        await f.FundSolAsync(payer.PublicKey);
        var (instructions, tokenAccounts, job) = await EveryInstructionAsync();
        var tried = 0;
        foreach (var (instruction, signer) in instructions)
        {
            for (var i = 0; i < instruction.Accounts.Count; i++)
            {
                if (!instruction.Accounts[i].IsWritable) continue;
                var readOnly = WithAccount(instruction, i, a => a with { IsWritable = false });
                await d.ExpectFailureAsync(EscrowError.NotWritable, readOnly, [payer, signer], tokenAccounts);
                tried++;
            }
        }
        Assert.Equal(2 + 3 + 2 + 2 + 4 + 8 + 2 + 4, tried); // every writable account of the eight instructions
        Assert.NotNull(await f.EscrowAsync(job.RequestId)); // the escrow is still open, its vault untouched
    }

    /// <summary>
    /// Every signer an instruction names must sign: each named without its signature (someone else paying the fees)
    /// is refused with MissingSigner, and an instruction with one account fewer than it takes is refused with
    /// NotEnoughAccounts before any account is read. The mutation run found both untested in InitializeConfig:
    /// its upgrade authority's signature (the address check alone would let anyone who names that address
    /// configure the program first) and its account count.
    /// </summary>
    [Fact]
    public async Task Every_signer_must_sign_and_every_account_must_be_there()
    {
        using var payer = Keypair.Generate();
        await f.FundSolAsync(payer.PublicKey);
        var (instructions, tokenAccounts, job) = await EveryInstructionAsync();
        foreach (var (instruction, signer) in instructions)
        {
            var signerIndex = instruction.Accounts.Select((a, i) => (a, i)).Single(x => x.a.IsSigner).i;
            var unsigned = WithAccount(instruction, signerIndex, a => a with { IsSigner = false });
            await d.ExpectFailureAsync(EscrowError.MissingSigner, unsigned, [payer], tokenAccounts);
            var short1 = instruction with { Accounts = instruction.Accounts.Take(instruction.Accounts.Count - 1).ToArray() };
            await d.ExpectFailureAsync(EscrowError.NotEnoughAccounts, short1, [payer, signer], tokenAccounts);
        }
        Assert.NotNull(await f.EscrowAsync(job.RequestId));
    }

    /// <summary>
    /// Every instruction's data has one length, and every config an instruction names must be the program's: each of the
    /// eight a byte short or long is refused with InvalidInstruction, and with one of the program's other accounts (an
    /// escrow) as its config with ConfigNotInitialized (Attest, which checks the config the escrow recorded:
    /// WrongConfigAddress). The mutation run found InitializeConfig's length check and SetVerifyingKey's config
    /// check untested.
    /// </summary>
    [Fact]
    public async Task Every_instruction_refuses_data_of_another_length_and_a_config_that_is_not_the_programs()
    {
        var (instructions, tokenAccounts, job) = await EveryInstructionAsync();
        var config = f.Program.FindConfig().Address;
        var configs = 0;
        foreach (var (instruction, signer) in instructions)
        {
            await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(instruction, instruction.Data[..^1]), [signer], tokenAccounts);
            await d.ExpectFailureAsync(EscrowError.InvalidInstruction, WithData(instruction, [.. instruction.Data, 0]), [signer], tokenAccounts);
            var at = instruction.Accounts.Select(a => a.PublicKey).ToList().IndexOf(config);
            if (at < 0) continue;
            // Tags 0 and 3 (InitializeConfig, which creates the config at its address, and Attest) check the address itself.
            var expected = instruction.Data[0] is 0 or 3 ? EscrowError.WrongConfigAddress : EscrowError.ConfigNotInitialized;
            var elsewhere = WithAccount(instruction, at, a => a with { PublicKey = job.Address(f.Program) });
            await d.ExpectFailureAsync(expected, elsewhere, [signer], tokenAccounts);
            configs++;
        }
        Assert.Equal(5, configs); // InitializeConfig, SetVerifyingKey, OpenEscrow, Attest, AttestDirect
    }

    /// <summary>
    /// Every program an instruction names (the system program, the token program) must be that program: each
    /// replaced by the other, or by an address that is no program, is refused with WrongSystemProgram or
    /// WrongTokenProgram. Where the program is called only sometimes (SetVerifyingKey creates a key's account only
    /// for a new key) the check still holds: the mutation run found SetVerifyingKey's untested.
    /// </summary>
    [Fact]
    public async Task Every_program_an_instruction_names_must_be_that_program()
    {
        var (instructions, tokenAccounts, job) = await EveryInstructionAsync();
        var stranger = Keypair.Generate().PublicKey;
        var tried = 0;
        foreach (var (instruction, signer) in instructions)
        {
            for (var i = 0; i < instruction.Accounts.Count; i++)
            {
                var account = instruction.Accounts[i].PublicKey;
                var (expected, other) = account == SystemProgram.ProgramId ? (EscrowError.WrongSystemProgram, TokenProgram.ProgramId)
                    : account == TokenProgram.ProgramId ? (EscrowError.WrongTokenProgram, SystemProgram.ProgramId)
                    : (default(EscrowError?), default(PublicKey));
                if (expected is null) continue;
                foreach (var replacement in new[] { other, stranger })
                {
                    var wrong = WithAccount(instruction, i, _ => AccountMeta.ReadOnly(replacement));
                    await d.ExpectFailureAsync(expected.Value, wrong, [signer], tokenAccounts);
                }
                tried++;
            }
        }
        Assert.Equal(6 + 3, tried); // the system program in six instructions, the token program in three
        Assert.NotNull(await f.EscrowAsync(job.RequestId));
    }

    /// <summary>
    /// A program is configured only with a real mint and a treasury that is a token account of that mint: anything
    /// else leaves it unconfigured (the mutation run found both checks of InitializeConfig untested, as every test
    /// configured its program correctly; without the treasury's a config could name an account no payment can reach).
    /// Dropping the mint's own check changes nothing here: the token program makes token accounts only for
    /// initialised mints, so a treasury of the mint already proves it is one (an equivalent mutant, docs/testing.md).
    /// </summary>
    [Fact]
    public async Task A_program_is_configured_only_with_a_real_mint_and_a_treasury_of_that_mint()
    {
        var program = new EscrowProgram(Keypair.Generate().PublicKey);
        await f.Admin.AddProgramAsync(program.ProgramId.ToString(), f.ProgramBytes, f.ProgramAdmin.PublicKey.ToString());
        using var otherMint = Keypair.Generate();
        await f.Tokens.CreateMintAsync(f.MintAuthority, otherMint, EscrowFixture.Decimals, f.MintAuthority.PublicKey);
        var otherMintTreasury = await f.Tokens.CreateAssociatedTokenAccountAsync(f.TreasuryOwner, f.TreasuryOwner.PublicKey, otherMint.PublicKey);
        TransactionInstruction Initialize(PublicKey mint, PublicKey treasury) => program.InitializeConfig(f.ProgramAdmin.PublicKey, mint, treasury, feeBasisPoints: 500);

        await d.ExpectFailureAsync(EscrowError.WrongMint, Initialize(f.Treasury, f.Treasury), [f.ProgramAdmin]);                  // a token account as the mint
        await d.ExpectFailureAsync(EscrowError.WrongMint, Initialize(f.TreasuryOwner.PublicKey, f.Treasury), [f.ProgramAdmin]);   // a wallet as the mint
        await d.ExpectFailureAsync(EscrowError.InvalidTokenAccount, Initialize(f.Mint.PublicKey, f.TreasuryOwner.PublicKey), [f.ProgramAdmin]); // a wallet as the treasury
        await d.ExpectFailureAsync(EscrowError.WrongMint, Initialize(f.Mint.PublicKey, otherMintTreasury), [f.ProgramAdmin]);     // a treasury of another mint
        Assert.Null(await f.Rpc.GetAccountInfoAsync(program.FindConfig().Address));

        await f.Rpc.SendAsync([Initialize(f.Mint.PublicKey, f.Treasury)], [f.ProgramAdmin]);
        var config = EscrowProgram.DecodeConfig((await f.Rpc.GetAccountInfoAsync(program.FindConfig().Address))!.Data);
        Assert.Equal((f.Mint.PublicKey, f.Treasury), (config.Mint, config.Treasury));
    }

    [Fact]
    public async Task Accounts_in_the_wrong_role_are_refused()
    {
        var (client, tokens) = await f.NewWalletAsync(Price);
        var open = Open(client, tokens);
        var readOnlyEscrow = open with { Accounts = open.Accounts.Select((a, i) => i == 1 ? AccountMeta.ReadOnly(a.PublicKey) : a).ToArray() };
        await d.ExpectFailureAsync(EscrowError.NotWritable, readOnlyEscrow, [client], tokens);
        await d.ExpectFailureAsync(EscrowError.WrongTokenProgram, open with { Accounts = open.Accounts.Select((a, i) => i == 6 ? AccountMeta.ReadOnly(SystemProgram.ProgramId) : a).ToArray() }, [client], tokens);
        await d.ExpectFailureAsync(EscrowError.WrongSystemProgram, open with { Accounts = open.Accounts.Select((a, i) => i == 7 ? AccountMeta.ReadOnly(TokenProgram.ProgramId) : a).ToArray() }, [client], tokens);
        // The escrow account passed as the config: ours, but not a config.
        var job = await d.OpenAsync();
        await d.ExpectFailureAsync(EscrowError.ConfigNotInitialized, open with { Accounts = open.Accounts.Select((a, i) => i == 5 ? AccountMeta.ReadOnly(job.Address(f.Program)) : a).ToArray() }, [client], tokens);
        // The worker's wallet as its token account.
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var attest = WithAccount(d.Attest(job, worker, workerTokens, d.Prove(job, worker)), 3, worker.PublicKey);
        await d.ExpectFailureAsync(EscrowError.InvalidTokenAccount, attest, [worker], job.Escrow.Vault);
    }

    [Fact]
    public async Task Escrow_terms_out_of_range_are_refused()
    {
        var (client, tokens) = await f.NewWalletAsync(2 * Price);
        var now = await f.Admin.AdvanceTimeAsync(0);
        await d.ExpectFailureAsync(EscrowError.InvalidAmount, Open(client, tokens, amount: 0), [client], tokens);
        await d.ExpectFailureAsync(EscrowError.DeadlineInPast, Open(client, tokens, deadline: now), [client], tokens);
        await d.ExpectFailureAsync(EscrowError.InvalidRequestId, Open(client, tokens, requestId: [0x20, .. new byte[31]]), [client], tokens);
        byte[] aboveR = [0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d, 0x28, 0x33, 0xe8, 0x48, 0x79, 0xb9, 0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93, 0xf0, 0, 0, 1];
        await d.ExpectFailureAsync(EscrowError.InvalidDocRoot, Open(client, tokens, docRoot: aboveR), [client], tokens); // r itself

        var requestId = FieldEncoding.NewRequestId();
        await f.Rpc.SendAsync([AssociatedTokenProgram.CreateIdempotent(client.PublicKey, f.Program.FindEscrow(requestId).Address, f.Mint.PublicKey), Open(client, tokens, requestId: requestId)], [client]);
        await d.ExpectFailureAsync(EscrowError.EscrowAlreadyExists, Open(client, tokens, requestId: requestId), [client], tokens);
    }

    [Fact]
    public async Task A_summary_chain_outside_the_field_is_refused()
    {
        var job = await d.OpenAsync();
        var (worker, workerTokens) = await f.NewWorkerAsync();
        var attest = f.Program.Attest(worker.PublicKey, workerTokens, f.Treasury, f.Mint.PublicKey, job.Escrow, Enumerable.Repeat((byte)0xFF, 32).ToArray(), new byte[EscrowProgram.ProofLength]);
        await d.ExpectFailureAsync(EscrowError.InvalidSummaryHash, attest, [worker], workerTokens, job.Escrow.Vault);
    }

    [Fact]
    public async Task A_worker_registered_twice_is_refused()
    {
        var (worker, _) = await f.NewWorkerAsync();
        await d.ExpectFailureAsync(EscrowError.WorkerAlreadyRegistered, f.Program.RegisterWorker(f.Operator.PublicKey, worker.PublicKey), [f.Operator]);
    }

    /// <summary>A program initialised without a key takes no escrow; a fee above 100% is refused.</summary>
    [Fact]
    public async Task Without_a_verifying_key_no_escrow_opens_and_a_fee_above_everything_is_refused()
    {
        var program = new EscrowProgram(Keypair.Generate().PublicKey);
        await f.Admin.AddProgramAsync(program.ProgramId.ToString(), f.ProgramBytes, f.ProgramAdmin.PublicKey.ToString());
        await d.ExpectFailureAsync(EscrowError.InvalidFee, program.InitializeConfig(f.ProgramAdmin.PublicKey, f.Mint.PublicKey, f.Treasury, 10_001), [f.ProgramAdmin]);
        await f.Rpc.SendAsync([program.InitializeConfig(f.ProgramAdmin.PublicKey, f.Mint.PublicKey, f.Treasury, 10_000)], [f.ProgramAdmin]);
        var (client, tokens) = await f.NewWalletAsync(Price);
        var requestId = FieldEncoding.NewRequestId();
        await f.Rpc.SendAsync([AssociatedTokenProgram.CreateIdempotent(client.PublicKey, program.FindEscrow(requestId).Address, f.Mint.PublicKey)], [client]);
        await d.ExpectFailureAsync(EscrowError.VerifyingKeyNotSet, Open(client, tokens, requestId: requestId, program: program), [client], tokens);
    }

    /// <summary>The program's CPIs fail with the callee's error, and the whole instruction is rolled back.</summary>
    [Fact]
    public async Task A_failing_token_transfer_aborts_everything_with_the_token_programs_error()
    {
        var (client, tokens) = await f.NewWalletAsync(Price - 1); // one unit short of the price
        var requestId = FieldEncoding.NewRequestId();
        var blockhash = await f.Rpc.GetLatestBlockhashAsync();
        var transaction = new Transaction(Message.Compile(client.PublicKey,
            [.. f.Program.OpenEscrowWithVault(client.PublicKey, tokens, f.Mint.PublicKey, requestId, new byte[32], Price, DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds(), f.Operator.PublicKey, Sentences, f.VerifyingKeyHash)],
            blockhash.Blockhash)).Sign(client);
        var signature = await f.Rpc.SendTransactionAsync(transaction, new SendTransactionOptions(SkipPreflight: true));
        var failure = await Assert.ThrowsAsync<TransactionFailedException>(() => f.Rpc.ConfirmTransactionAsync(signature));
        Assert.Contains("\"Custom\":1", failure.Error, StringComparison.Ordinal); // SPL Token: insufficient funds
        Assert.Equal(Price - 1, await f.TokenBalanceAsync(tokens));
        Assert.Null(await f.Rpc.GetAccountInfoAsync(f.Program.FindEscrow(requestId).Address));
    }

    /// <summary>Each code of <see cref="EscrowError"/> is asserted by some test, or is listed above as unreachable with the reason.</summary>
    [Fact]
    public void Every_error_code_has_a_test()
    {
        var tests = string.Concat(Directory.GetFiles(Testing.RepoPaths.Combine("tests", "ZkSummarize.Onchain.Tests"), "*.cs").Select(File.ReadAllText));
        var asserted = Regex.Matches(tests, @"ExpectFailureAsync\(EscrowError\.(\w+)").Select(m => m.Groups[1].Value).ToHashSet();
        var missing = Enum.GetValues<EscrowError>().Where(e => !asserted.Contains(e.ToString()) && !Unreachable.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, $"No test triggers: {string.Join(", ", missing)}");
    }
}
