using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;
using ZkSummarize.Testing;

namespace ZkSummarize.Solana.Tests;

/// <summary>
/// The escrow program's C# client (instruction builders, addresses, account decoders) against fixed vectors
/// that do not come from the client itself: the Codama IDL's byte layouts (src/onchain/zksummarize_escrow.codama.json,
/// which IdlTests ties to the program), @solana/web3.js's program addresses (vectors/solana-vectors.json) and
/// SHA-256's published test vector. No chain: these run in milliseconds, so every mutant of the client is tested
/// by them (docs/testing.md). What the program does with these bytes is the Onchain tests' job.
/// </summary>
public sealed class EscrowProgramClientTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "solana-vectors.json"))).RootElement;

    // The program id web3.js derived the vectors' escrow, config and attestation addresses under.
    private static readonly EscrowProgram P = new(PublicKey.Parse("2zH1FtM8moFL1zt4rp77NrDpZHqS9E9Q6TjRKbfeUDhe"));

    private static readonly byte[] RequestId = Bytes(0x10, 32), DocRoot = Bytes(0x30, 32), Chain = Bytes(0x50, 32), KeyHash = Bytes(0x70, 32);
    private static readonly byte[] Proof = Bytes(0x90, EscrowProgram.ProofLength), VerifyingKey = Bytes(0x05, EscrowProgram.VerifyingKeyLength);
    private static readonly PublicKey Client = Key(1), ClientTokens = Key(2), Mint = Key(3), Operator = Key(4), Worker = Key(5), WorkerTokens = Key(6), Treasury = Key(7), Admin = Key(8);
    private const ulong Amount = 0x0102030405060708;
    private const long Deadline = -0x0102030405060708; // negative: the i64 must keep its sign

    private static readonly EscrowAccount Escrow = new(250, 1, 249, 3, 500, Client, RequestId, DocRoot, Amount, Deadline, Key(9), Operator, KeyHash, Key(10));

    [Fact]
    public void Program_addresses_are_the_ones_web3js_derives()
    {
        var checkedAny = 0;
        foreach (var pda in Vectors.GetProperty("pdas").EnumerateArray().Where(v => v.GetProperty("program").GetString() == P.ProgramId.ToString()))
        {
            var seeds = pda.GetProperty("seeds").EnumerateArray().Select(s => s.GetString()!).ToList();
            var expected = (PublicKey.Parse(pda.GetProperty("address").GetString()!), (byte)pda.GetProperty("bump").GetInt32());
            var seed = seeds.Count > 1 ? Convert.FromHexString(seeds[1]["hex:".Length..]) : [];
            var actual = seeds[0] switch
            {
                "config" => P.FindConfig(),
                "escrow" => P.FindEscrow(seed),
                "attest" => P.FindAttestation(seed),
                var other => throw new InvalidOperationException($"no escrow-program address has the prefix {other}"),
            };
            Assert.Equal(expected, actual);
            checkedAny++;
        }
        Assert.Equal(6, checkedAny);
    }

    [Fact]
    public void Every_address_is_derived_from_the_seeds_the_idl_names()
    {
        var values = new Dictionary<string, byte[]> { ["requestId"] = RequestId, ["keyHash"] = KeyHash, ["operator"] = Operator.ToBytes(), ["worker"] = Worker.ToBytes() };
        var client = new Dictionary<string, (PublicKey, byte)>
        {
            ["config"] = P.FindConfig(),
            ["escrow"] = P.FindEscrow(RequestId),
            ["attestation"] = P.FindAttestation(RequestId),
            ["directAttestation"] = P.FindDirectAttestation(Worker, RequestId),
            ["verifyingKey"] = P.FindVerifyingKey(KeyHash),
            ["workerRegistration"] = P.FindWorkerRegistration(Operator, Worker),
        };
        foreach (var pda in CodamaIdl.Program.GetProperty("pdas").EnumerateArray())
        {
            var seeds = pda.GetProperty("seeds").EnumerateArray().Select(seed => seed.GetProperty("kind").GetString() == "constantPdaSeedNode"
                ? Encoding.UTF8.GetBytes(seed.GetProperty("value").GetProperty("string").GetString()!)
                : values[seed.GetProperty("name").GetString()!]).ToList();
            Assert.Equal(PublicKey.FindProgramAddress(seeds, P.ProgramId), client[pda.GetProperty("name").GetString()!]);
        }
        // Operator and worker are distinct seeds in order: swapped, they name another registration.
        Assert.NotEqual(P.FindWorkerRegistration(Operator, Worker), P.FindWorkerRegistration(Worker, Operator));
        // The program's ProgramData under loader-v3, for the program at bob's address (as make-vectors.mjs derives it).
        var bob = PublicKey.Parse(Vectors.GetProperty("keypairs").GetProperty("bob").GetProperty("publicKey").GetString()!);
        Assert.Equal(PublicKey.Parse(Vectors.GetProperty("loader").GetProperty("programData").GetString()!), new EscrowProgram(bob).ProgramDataAddress);
    }

    [Fact]
    public void The_vault_is_the_escrows_associated_token_account()
    {
        var escrow = P.FindEscrow(RequestId).Address;
        var (vault, bump) = EscrowProgram.FindVault(escrow, Mint);
        Assert.Equal(AssociatedTokenProgram.GetAssociatedTokenAddress(escrow, Mint), vault);
        Assert.Equal((vault, bump), PublicKey.FindProgramAddress([escrow.ToBytes(), TokenProgram.ProgramId.ToBytes(), Mint.ToBytes()], AssociatedTokenProgram.ProgramId));
    }

    [Fact]
    public void A_verifying_key_is_named_by_its_sha256()
    {
        // FIPS 180-2's vector for "abc".
        Assert.Equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", Convert.ToHexString(EscrowProgram.VerifyingKeyHash("abc"u8)));
    }

    /// <summary>Every instruction the client builds, with the values each IDL argument must hold (little-endian numbers).</summary>
    public static TheoryData<string> InstructionNames => new(Built().Keys);

    private static Dictionary<string, (TransactionInstruction Instruction, Dictionary<string, byte[]> Arguments, PublicKey[] Accounts)> Built()
    {
        var escrow = P.FindEscrow(RequestId).Address;
        var (vault, vaultBump) = EscrowProgram.FindVault(escrow, Mint);
        var config = P.FindConfig().Address;
        return new()
        {
            ["initializeConfig"] = (P.InitializeConfig(Admin, Mint, Treasury, 0x1234), new() { ["feeBasisPoints"] = [0x34, 0x12] },
                [Admin, config, Mint, Treasury, P.ProgramId, P.ProgramDataAddress, SystemProgram.ProgramId]),
            ["setVerifyingKey"] = (P.SetVerifyingKey(Admin, VerifyingKey, 2), new() { ["slot"] = [2], ["verifyingKey"] = VerifyingKey },
                [Admin, config, P.FindVerifyingKey(EscrowProgram.VerifyingKeyHash(VerifyingKey)).Address, SystemProgram.ProgramId]),
            ["openEscrow"] = (P.OpenEscrow(Client, ClientTokens, Mint, RequestId, DocRoot, Amount, Deadline, Operator, 255, KeyHash),
                new() { ["requestId"] = RequestId, ["docRoot"] = DocRoot, ["amount"] = Le(Amount), ["deadline"] = Le(unchecked((ulong)Deadline)), ["operator"] = Operator.ToBytes(), ["sentences"] = [255], ["vaultBump"] = [vaultBump], ["verifyingKeyHash"] = KeyHash },
                [Client, escrow, vault, ClientTokens, Mint, config, TokenProgram.ProgramId, SystemProgram.ProgramId]),
            ["attest"] = (P.Attest(Worker, WorkerTokens, Treasury, Mint, Escrow, Chain, Proof), new() { ["summaryChain"] = Chain, ["proof"] = Proof },
                [Worker, escrow, Escrow.Vault, WorkerTokens, Treasury, P.FindAttestation(RequestId).Address, Client, AssociatedTokenProgram.GetAssociatedTokenAddress(Client, Mint),
                 Escrow.Config, P.FindVerifyingKey(KeyHash).Address, P.FindWorkerRegistration(Operator, Worker).Address, Mint, TokenProgram.ProgramId, SystemProgram.ProgramId]),
            ["refund"] = (P.Refund(Client, ClientTokens, Mint, RequestId), new(), [Client, escrow, vault, ClientTokens, Mint, TokenProgram.ProgramId]),
            ["attestDirect"] = (P.AttestDirect(Worker, RequestId, DocRoot, KeyHash, Chain, 16, Proof),
                new() { ["requestId"] = RequestId, ["docRoot"] = DocRoot, ["summaryChain"] = Chain, ["sentences"] = [16], ["proof"] = Proof },
                [Worker, P.FindDirectAttestation(Worker, RequestId).Address, config, P.FindVerifyingKey(KeyHash).Address, SystemProgram.ProgramId]),
            ["registerWorker"] = (P.RegisterWorker(Operator, Worker), new(), [Operator, P.FindWorkerRegistration(Operator, Worker).Address, Worker, SystemProgram.ProgramId]),
            ["deregisterWorker"] = (P.DeregisterWorker(Operator, Worker), new(), [Operator, P.FindWorkerRegistration(Operator, Worker).Address, Worker]),
        };
    }

    [Theory]
    [MemberData(nameof(InstructionNames))]
    public void Each_instruction_writes_every_argument_where_the_idl_puts_it(string name)
    {
        var (instruction, arguments, _) = Built()[name];
        var layout = CodamaIdl.Arguments(name);
        Assert.Equal(layout[^1].Offset + layout[^1].Size, instruction.Data.Length);
        Assert.Equal(layout[0].Node.GetProperty("defaultValue").GetProperty("number").GetInt32(), instruction.Data[0]);
        foreach (var field in layout.Skip(1))
        {
            Assert.True(arguments.ContainsKey(field.Name), $"{name}: the test gives no value for the IDL's {field.Name}");
            Assert.Equal(Convert.ToHexString(arguments[field.Name]), Convert.ToHexString(instruction.Data, field.Offset, field.Size));
        }
        Assert.Equal(arguments.Count, layout.Count - 1);
    }

    [Theory]
    [MemberData(nameof(InstructionNames))]
    public void Each_instruction_names_its_accounts_in_the_idls_order_with_its_flags(string name)
    {
        var (instruction, _, accounts) = Built()[name];
        Assert.Equal(P.ProgramId, instruction.ProgramId);
        var idl = CodamaIdl.Named("instructions", name).GetProperty("accounts").EnumerateArray()
            .Select(a => (a.GetProperty("name").GetString(), a.GetProperty("isSigner").GetBoolean(), a.GetProperty("isWritable").GetBoolean())).ToList();
        Assert.Equal(idl.Count, instruction.Accounts.Count);
        for (var i = 0; i < idl.Count; i++)
        {
            Assert.True(accounts[i] == instruction.Accounts[i].PublicKey, $"{name}: account {i} ({idl[i].Item1}) is {instruction.Accounts[i].PublicKey}, not {accounts[i]}");
            Assert.True((idl[i].Item2, idl[i].Item3) == (instruction.Accounts[i].IsSigner, instruction.Accounts[i].IsWritable), $"{name}: account {i} ({idl[i].Item1}) has the wrong flags");
        }
    }

    [Fact]
    public void The_two_instruction_pairs_create_the_associated_account_first_and_then_run_the_plain_instruction()
    {
        var open = P.OpenEscrowWithVault(Client, ClientTokens, Mint, RequestId, DocRoot, Amount, Deadline, Operator, 3, KeyHash);
        AssertSame(AssociatedTokenProgram.CreateIdempotent(Client, P.FindEscrow(RequestId).Address, Mint), open[0]);
        AssertSame(P.OpenEscrow(Client, ClientTokens, Mint, RequestId, DocRoot, Amount, Deadline, Operator, 3, KeyHash), open[1]);
        Assert.Equal(2, open.Length);

        var attest = P.AttestWithClientAccount(Worker, WorkerTokens, Treasury, Mint, Escrow, Chain, Proof);
        AssertSame(AssociatedTokenProgram.CreateIdempotent(Worker, Client, Mint), attest[0]);
        AssertSame(P.Attest(Worker, WorkerTokens, Treasury, Mint, Escrow, Chain, Proof), attest[1]);
        Assert.Equal(2, attest.Length);
    }

    [Fact]
    public void Arguments_of_the_wrong_length_or_range_are_refused_before_anything_is_built()
    {
        AssertRefused("verifyingKey", 767, () => P.SetVerifyingKey(Admin, new byte[767]));
        AssertRefused("requestId", 31, () => P.OpenEscrow(Client, ClientTokens, Mint, new byte[31], DocRoot, 1, 1, Operator, 1, KeyHash));
        AssertRefused("docRoot", 33, () => P.OpenEscrow(Client, ClientTokens, Mint, RequestId, new byte[33], 1, 1, Operator, 1, KeyHash));
        AssertRefused("verifyingKeyHash", 31, () => P.OpenEscrow(Client, ClientTokens, Mint, RequestId, DocRoot, 1, 1, Operator, 1, new byte[31]));
        AssertRefused("summaryChain", 0, () => P.Attest(Worker, WorkerTokens, Treasury, Mint, Escrow, [], Proof));
        AssertRefused("proof", 255, () => P.Attest(Worker, WorkerTokens, Treasury, Mint, Escrow, Chain, new byte[255]));
        AssertRefused("requestId", 31, () => P.AttestDirect(Worker, new byte[31], DocRoot, KeyHash, Chain, 1, Proof));
        AssertRefused("docRoot", 31, () => P.AttestDirect(Worker, RequestId, new byte[31], KeyHash, Chain, 1, Proof));
        AssertRefused("verifyingKeyHash", 31, () => P.AttestDirect(Worker, RequestId, DocRoot, new byte[31], Chain, 1, Proof));
        AssertRefused("summaryChain", 31, () => P.AttestDirect(Worker, RequestId, DocRoot, KeyHash, new byte[31], 1, Proof));
        AssertRefused("proof", 257, () => P.AttestDirect(Worker, RequestId, DocRoot, KeyHash, Chain, 1, new byte[257]));
        AssertRefused("requestId", 33, () => P.Refund(Client, ClientTokens, Mint, new byte[33]));

        // A sentence count is one byte: 0 and 255 are written, -1 and 256 are refused rather than wrapped.
        Assert.Equal(0, P.OpenEscrow(Client, ClientTokens, Mint, RequestId, DocRoot, 1, 1, Operator, 0, KeyHash).Data[113]);
        Assert.Equal(255, P.AttestDirect(Worker, RequestId, DocRoot, KeyHash, Chain, 255, Proof).Data[97]);
        foreach (var sentences in new[] { -1, 256 })
        {
            Assert.Throws<ArgumentOutOfRangeException>("sentences", () => P.OpenEscrow(Client, ClientTokens, Mint, RequestId, DocRoot, 1, 1, Operator, sentences, KeyHash));
            Assert.Throws<ArgumentOutOfRangeException>("sentences", () => P.AttestDirect(Worker, RequestId, DocRoot, KeyHash, Chain, sentences, Proof));
        }
        Assert.Throws<ArgumentNullException>("escrow", () => P.Attest(Worker, WorkerTokens, Treasury, Mint, null!, Chain, Proof));
        Assert.Throws<ArgumentNullException>("escrow", () => P.AttestWithClientAccount(Worker, WorkerTokens, Treasury, Mint, null!, Chain, Proof));
        Assert.Throws<ArgumentNullException>("instruction", () => P.TryDecodeOpenEscrow(null!, out _));
    }

    [Fact]
    public void An_open_escrow_instruction_reads_back_as_it_was_built()
    {
        var instruction = P.OpenEscrow(Client, ClientTokens, Mint, RequestId, DocRoot, Amount, Deadline, Operator, 7, KeyHash);
        Assert.True(P.TryDecodeOpenEscrow(instruction, out var open));
        var escrow = P.FindEscrow(RequestId).Address;
        Assert.Equal((Client, escrow, EscrowProgram.FindVault(escrow, Mint).Address, ClientTokens, Mint, P.FindConfig().Address, Amount, Deadline, Operator, 7),
            (open.Client, open.Escrow, open.Vault, open.ClientTokenAccount, open.Mint, open.Config, open.Amount, open.Deadline, open.Operator, open.Sentences));
        Assert.Equal(RequestId, open.RequestId);
        Assert.Equal(DocRoot, open.DocRoot);
        Assert.Equal(KeyHash, open.VerifyingKeyHash);
    }

    [Fact]
    public void Anything_but_a_signed_open_escrow_of_this_program_is_not_read_as_one()
    {
        var open = P.OpenEscrow(Client, ClientTokens, Mint, RequestId, DocRoot, Amount, Deadline, Operator, 7, KeyHash);
        Assert.False(new EscrowProgram(Key(99)).TryDecodeOpenEscrow(open, out _));                       // another program's
        Assert.False(P.TryDecodeOpenEscrow(open with { Data = open.Data[..^1] }, out _));                 // a byte short
        Assert.False(P.TryDecodeOpenEscrow(open with { Data = [.. open.Data, 0] }, out _));               // a byte long
        Assert.False(P.TryDecodeOpenEscrow(open with { Data = [3, .. open.Data[1..]] }, out _));          // the length of an OpenEscrow, another tag
        Assert.False(P.TryDecodeOpenEscrow(open with { Accounts = open.Accounts.Take(7).ToArray() }, out _));
        Assert.True(P.TryDecodeOpenEscrow(open with { Accounts = [.. open.Accounts, AccountMeta.ReadOnly(Key(42))] }, out _)); // extra accounts are the program's business

        // Not signed by the client: read (so the caller can say who did not sign), but not accepted.
        var unsigned = open with { Accounts = open.Accounts.Select((a, i) => i == 0 ? AccountMeta.Writable(a.PublicKey) : a).ToArray() };
        Assert.False(P.TryDecodeOpenEscrow(unsigned, out var read));
        Assert.Equal(Client, read.Client);
    }

    /// <summary>Each account kind, filled field by field at the IDL's offsets with distinct bytes, and what the decoder must read from it.</summary>
    [Fact]
    public void Every_account_decodes_each_field_from_where_the_idl_puts_it()
    {
        var config = EscrowProgram.DecodeConfig(Account("config", out var c));
        Assert.Equal((c.U8("bump"), c.U16("feeBasisPoints"), c.Key("admin"), c.Key("mint"), c.Key("treasury")), (config.Bump, config.FeeBasisPoints, config.Admin, config.Mint, config.Treasury));
        Assert.Equal(c["verifyingKeyHashes"], config.VerifyingKeyHashes.SelectMany(hash => hash).ToArray());
        Assert.Equal(EscrowProgram.KeySlots, config.VerifyingKeyHashes.Count);

        var key = EscrowProgram.DecodeVerifyingKey(Account("verifyingKey", out var k));
        Assert.Equal(k.U8("bump"), key.Bump);
        Assert.Equal(k["hash"], key.Hash);
        Assert.Equal(k["key"], key.Key);

        var worker = EscrowProgram.DecodeWorkerRegistration(Account("workerRegistration", out var w));
        Assert.Equal((w.U8("bump"), w.Key("operator"), w.Key("worker")), (worker.Bump, worker.Operator, worker.Worker));

        var escrow = EscrowProgram.DecodeEscrow(Account("escrow", out var e));
        Assert.Equal((e.U8("bump"), e.U8("state"), e.U8("attestationBump"), (int)e.U8("sentences"), e.U16("feeBasisPoints"), e.Key("client"), e.U64("amount"), (long)e.U64("deadline"),
                e.Key("config"), e.Key("operator"), e.Key("vault")),
            (escrow.Bump, escrow.State, escrow.AttestationBump, escrow.Sentences, escrow.FeeBasisPoints, escrow.Client, escrow.Amount, escrow.Deadline, escrow.Config, escrow.Operator, escrow.Vault));
        Assert.Equal([e["requestId"], e["docRoot"], e["verifyingKeyHash"]], [escrow.RequestId, escrow.DocRoot, escrow.VerifyingKeyHash]);
    }

    [Fact]
    public void An_attestation_decodes_each_field_and_names_operator_and_client_only_when_it_settled_an_escrow()
    {
        var bytes = Account("attestation", out var a);
        bytes[a.Offset("escrowed")] = 1;
        var escrowed = EscrowProgram.DecodeAttestation(bytes);
        Assert.Equal((a.U8("bump"), (int)a.U8("sentences"), true, a.Key("worker"), a.U64("slot"), a.U64("paidToWorker"), a.U64("paidFee"), (PublicKey?)a.Key("operator"), (PublicKey?)a.Key("client")),
            (escrowed.Bump, escrowed.Sentences, escrowed.Escrowed, escrowed.Worker, escrowed.Slot, escrowed.PaidToWorker, escrowed.PaidFee, escrowed.Operator, escrowed.Client));
        Assert.Equal([a["requestId"], a["docRoot"], a["summaryHash"], a["verifyingKeyHash"]], [escrowed.RequestId, escrowed.DocRoot, escrowed.SummaryHash, escrowed.VerifyingKeyHash]);

        bytes[a.Offset("escrowed")] = 0;
        var direct = EscrowProgram.DecodeAttestation(bytes);
        Assert.Equal((false, (PublicKey?)null, (PublicKey?)null), (direct.Escrowed, direct.Operator, direct.Client));
    }

    [Fact]
    public void A_config_has_a_verifying_key_once_any_byte_of_its_hash_is_set()
    {
        var empty = Enumerable.Range(0, EscrowProgram.KeySlots).Select(_ => new byte[32]).ToArray();
        var none = new EscrowConfig(1, 0, Admin, Mint, Treasury, empty);
        Assert.False(none.VerifyingKeySet);
        var lastByte = new byte[32];
        lastByte[31] = 1;
        var lastSlot = empty.Select((hash, slot) => slot == EscrowProgram.KeySlots - 1 ? lastByte : hash).ToArray();
        var set = none with { VerifyingKeyHashes = lastSlot };
        Assert.True(set.VerifyingKeySet);
        Assert.True(set.IsCurrentKey(lastByte));
        Assert.False(set.IsCurrentKey(new byte[32])); // an empty slot is not a key
    }

    [Fact]
    public void An_account_of_another_kind_or_size_is_not_decoded_and_the_error_says_what_it_is()
    {
        var escrow = Account("escrow", out _);
        var refused = Assert.Throws<FormatException>(() => EscrowProgram.DecodeConfig(escrow));
        Assert.Equal("The account is not an escrow-program config (248 bytes, kind 2).", refused.Message);
        Assert.Equal("The account is not an escrow-program escrow (0 bytes, kind -1).", Assert.Throws<FormatException>(() => EscrowProgram.DecodeEscrow([])).Message);
        Assert.Throws<FormatException>(() => EscrowProgram.DecodeEscrow(escrow.AsSpan(0, escrow.Length - 1)));
        Assert.Throws<FormatException>(() => EscrowProgram.DecodeEscrow([.. escrow, 0]));
        foreach (var (name, decode) in new (string, Action<byte[]>)[]
        {
            ("config", d => EscrowProgram.DecodeConfig(d)), ("verifyingKey", d => EscrowProgram.DecodeVerifyingKey(d)), ("workerRegistration", d => EscrowProgram.DecodeWorkerRegistration(d)),
            ("escrow", d => EscrowProgram.DecodeEscrow(d)), ("attestation", d => EscrowProgram.DecodeAttestation(d)),
        })
        {
            var right = Account(name, out _);
            decode(right);
            Assert.Throws<FormatException>(() => decode([(byte)(right[0] + 1), .. right.AsSpan(1)])); // the right size, the next kind
        }
    }

    [Fact]
    public void Error_codes_are_the_idls_and_only_ours_are_named()
    {
        var idl = CodamaIdl.Program.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("code").GetUInt32(), e => e.GetProperty("name").GetString()!);
        Assert.Equal(idl.Count, Enum.GetValues<EscrowError>().Length);
        foreach (var (code, name) in idl)
        {
            Assert.Equal(name, EscrowProgram.ErrorFromCode(code)?.ToString() is { } ours ? char.ToLowerInvariant(ours[0]) + ours[1..] : null);
        }
        Assert.Null(EscrowProgram.ErrorFromCode(idl.Keys.Min() - 1));
        Assert.Null(EscrowProgram.ErrorFromCode(idl.Keys.Max() + 1));

        Assert.Equal(EscrowError.WrongTokenProgram, EscrowProgram.ErrorFromTransactionError("{\"InstructionError\":[1,{\"Custom\":266}]}"));
        Assert.Null(EscrowProgram.ErrorFromTransactionError(null));
        Assert.Null(EscrowProgram.ErrorFromTransactionError("{\"InstructionError\":[0,\"InvalidAccountData\"]}"));
        Assert.Null(EscrowProgram.ErrorFromTransactionError("{\"InstructionError\":[0,{\"Custom\":1}]}"));               // the token program's, not ours
        Assert.Null(EscrowProgram.ErrorFromTransactionError("{\"InstructionError\":[0,{\"Custom\":99999999999}]}"));    // past u32
    }

    private static void AssertSame(TransactionInstruction expected, TransactionInstruction actual)
    {
        Assert.Equal(expected.ProgramId, actual.ProgramId);
        Assert.Equal(expected.Accounts, actual.Accounts);
        Assert.Equal(expected.Data, actual.Data);
    }

    private static void AssertRefused(string parameter, int length, Func<object> build)
    {
        var refused = Assert.Throws<ArgumentException>(parameter, build);
        Assert.StartsWith($"{parameter} is ", refused.Message, StringComparison.Ordinal);
        Assert.Contains($", not {length}.", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>An account of the IDL's <paramref name="name"/>: its kind byte from the IDL, every other byte distinct from its neighbours'.</summary>
    private static byte[] Account(string name, out AccountBytes fields)
    {
        var layout = CodamaIdl.Fields(name);
        var bytes = new byte[layout[^1].Offset + layout[^1].Size];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 7 + 3);
        bytes[0] = (byte)layout[0].Node.GetProperty("defaultValue").GetProperty("number").GetInt32();
        fields = new AccountBytes(bytes, layout);
        return bytes;
    }

    /// <summary>Reads an account's fields by the IDL's names, independently of the decoder under test.</summary>
    private sealed class AccountBytes(byte[] bytes, IReadOnlyList<IdlField> layout)
    {
        private IdlField Field(string name) => layout.Single(f => f.Name == name);
        public int Offset(string name) => Field(name).Offset;
        public byte[] this[string name] => bytes.AsSpan(Field(name).Offset, Field(name).Size).ToArray();
        public byte U8(string name) => this[name].Single();
        public ushort U16(string name) => BinaryPrimitives.ReadUInt16LittleEndian(this[name]);
        public ulong U64(string name) => BinaryPrimitives.ReadUInt64LittleEndian(this[name]);
        public PublicKey Key(string name) => new(this[name]);
    }

    private static byte[] Le(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary><paramref name="length"/> bytes counting up from <paramref name="first"/>: each position distinct.</summary>
    private static byte[] Bytes(byte first, int length) => Enumerable.Range(0, length).Select(i => (byte)(first + i)).ToArray();

    private static PublicKey Key(byte n) => new(Enumerable.Repeat(n, 32).ToArray());
}
