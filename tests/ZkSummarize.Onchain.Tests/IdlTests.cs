using System.Text;
using System.Text.Json;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;
using ZkSummarize.Testing;

namespace ZkSummarize.Onchain.Tests;

/// <summary>
/// The program's Codama IDL (src/onchain/zksummarize_escrow.codama.json): it is what tests/js/idl/make-idl.mjs
/// makes and Codama's validator accepts; every instruction, PDA and account size in it matches what the C#
/// client builds and the program reads; and @solana/kit opens a real escrow from it (tests/js/idl/open-escrow.mjs).
/// </summary>
public sealed class IdlTests(EscrowFixture f) : IClassFixture<EscrowFixture>
{
    private static JsonElement Program => CodamaIdl.Program;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_committed_idl_is_what_make_idl_makes_and_codama_validates()
    {
        var run = await NodeScript.RunCheckedAsync(RepoPaths.Combine("tests", "js", "idl", "make-idl.mjs"), ["--check"], TimeSpan.FromSeconds(60), Ct);
        Assert.Contains("\"instructions\":8", run.LastLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_instruction_has_the_csharp_clients_discriminator_data_length_and_account_flags()
    {
        var p = new EscrowProgram(Key(9));
        var escrow = new EscrowAccount(255, 1, 254, 2, 500, Key(1), new byte[32], new byte[32], 1, 2, Key(2), Key(3), new byte[32], Key(4));
        var built = new Dictionary<string, TransactionInstruction>
        {
            ["initializeConfig"] = p.InitializeConfig(Key(1), Key(2), Key(3), 500),
            ["setVerifyingKey"] = p.SetVerifyingKey(Key(1), new byte[EscrowProgram.VerifyingKeyLength]),
            ["openEscrow"] = p.OpenEscrow(Key(1), Key(2), Key(3), new byte[32], new byte[32], 1, 2, Key(4), 2, new byte[32]),
            ["attest"] = p.Attest(Key(1), Key(2), Key(3), Key(4), escrow, new byte[32], new byte[EscrowProgram.ProofLength]),
            ["refund"] = p.Refund(Key(1), Key(2), Key(3), new byte[32]),
            ["attestDirect"] = p.AttestDirect(Key(1), new byte[32], new byte[32], new byte[32], new byte[32], 2, new byte[EscrowProgram.ProofLength]),
            ["registerWorker"] = p.RegisterWorker(Key(1), Key(2)),
            ["deregisterWorker"] = p.DeregisterWorker(Key(1), Key(2)),
        };
        var instructions = Program.GetProperty("instructions").EnumerateArray().ToList();
        Assert.Equal(built.Keys.Order(), instructions.Select(i => i.GetProperty("name").GetString()!).Order());
        foreach (var instruction in instructions)
        {
            var name = instruction.GetProperty("name").GetString()!;
            var csharp = built[name];
            var arguments = instruction.GetProperty("arguments").EnumerateArray().ToList();
            Assert.Equal(("discriminator", (int)csharp.Data[0]), (arguments[0].GetProperty("name").GetString(), arguments[0].GetProperty("defaultValue").GetProperty("number").GetInt32()));
            Assert.True(csharp.Data.Length == arguments.Sum(a => CodamaIdl.Size(a.GetProperty("type"))), $"{name}: the IDL's arguments take {arguments.Sum(a => CodamaIdl.Size(a.GetProperty("type")))} bytes, the C# client writes {csharp.Data.Length}");
            var flags = instruction.GetProperty("accounts").EnumerateArray().Select(a => (a.GetProperty("isSigner").GetBoolean(), a.GetProperty("isWritable").GetBoolean())).ToList();
            Assert.True(flags.SequenceEqual(csharp.Accounts.Select(a => (a.IsSigner, a.IsWritable))), $"{name}: the IDL's account flags differ from the C# client's");
        }
    }

    [Fact]
    public void Every_pda_derives_the_csharp_clients_address_and_account_sizes_match()
    {
        var p = new EscrowProgram(Key(9));
        var (requestId, keyHash) = (Enumerable.Repeat((byte)7, 32).ToArray(), Enumerable.Repeat((byte)8, 32).ToArray());
        var expected = new Dictionary<string, PublicKey>
        {
            ["config"] = p.FindConfig().Address,
            ["escrow"] = p.FindEscrow(requestId).Address,
            ["attestation"] = p.FindAttestation(requestId).Address,
            ["directAttestation"] = p.FindDirectAttestation(Key(1), requestId).Address,
            ["verifyingKey"] = p.FindVerifyingKey(keyHash).Address,
            ["workerRegistration"] = p.FindWorkerRegistration(Key(1), Key(2)).Address,
        };
        // Variable seeds by name: the same values the C# side was given above.
        var values = new Dictionary<string, byte[]> { ["requestId"] = requestId, ["keyHash"] = keyHash, ["worker"] = Key(1).ToBytes(), ["operator"] = Key(1).ToBytes() };
        foreach (var pda in Program.GetProperty("pdas").EnumerateArray())
        {
            var name = pda.GetProperty("name").GetString()!;
            var seeds = pda.GetProperty("seeds").EnumerateArray().Select(seed => seed.GetProperty("kind").GetString() == "constantPdaSeedNode"
                ? Encoding.UTF8.GetBytes(seed.GetProperty("value").GetProperty("string").GetString()!)
                : name == "workerRegistration" && seed.GetProperty("name").GetString() == "worker" ? Key(2).ToBytes() : values[seed.GetProperty("name").GetString()!]).ToList();
            Assert.True(PublicKey.FindProgramAddress(seeds, p.ProgramId).Address == expected[name], $"the IDL's {name} seeds derive another address than the C# client");
        }

        var sizes = Program.GetProperty("accounts").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("size").GetInt32());
        Assert.Equal(new Dictionary<string, int>
        {
            ["config"] = EscrowProgram.ConfigSize, ["escrow"] = EscrowProgram.EscrowSize, ["attestation"] = EscrowProgram.AttestationSize,
            ["verifyingKey"] = EscrowProgram.VerifyingKeySize, ["workerRegistration"] = EscrowProgram.WorkerSize,
        }, sizes);
        foreach (var account in Program.GetProperty("accounts").EnumerateArray())
        {
            var fields = account.GetProperty("data").GetProperty("fields").EnumerateArray().Sum(field => CodamaIdl.Size(field.GetProperty("type")));
            Assert.True(fields == account.GetProperty("size").GetInt32(), $"{account.GetProperty("name").GetString()}: its fields take {fields} bytes");
        }
    }

    [Fact]
    public async Task Solana_kit_opens_an_escrow_from_the_idl_alone()
    {
        var (client, tokens) = await f.NewWalletAsync(5 * EscrowDriver.Price);
        var keyFile = Path.Combine(Path.GetTempPath(), $"zks-idl-client-{Guid.NewGuid():N}.json");
        client.SaveSolanaKeygenFile(keyFile);
        try
        {
            var requestId = FieldEncoding.NewRequestId();
            var docRoot = DocumentCommitment.Create(EscrowDriver.Article).DocRoot.ToBytesBigEndian();
            var deadline = await f.Admin.AdvanceTimeAsync(0, Ct) + 600;
            var run = await NodeScript.RunCheckedAsync(RepoPaths.Combine("tests", "js", "idl", "open-escrow.mjs"),
                [f.RpcUrl.ToString(), f.Chain.WebSocketUrl.ToString(), f.Program.ProgramId.ToString(), keyFile, f.Mint.PublicKey.ToString(), f.Operator.PublicKey.ToString(),
                 $"{EscrowDriver.Price}", $"{deadline}", Convert.ToHexString(docRoot), Convert.ToHexString(requestId), "3", Convert.ToHexString(f.VerifyingKeyHash)],
                TimeSpan.FromSeconds(90), Ct);

            // The C# client reads the escrow kit opened, and the IDL's decoding of it agrees.
            var escrow = await f.EscrowAsync(requestId);
            Assert.Equal((client.PublicKey, EscrowDriver.Price, deadline, 3, f.Operator.PublicKey), (escrow.Client, escrow.Amount, escrow.Deadline, escrow.Sentences, escrow.Operator));
            Assert.Equal(docRoot, escrow.DocRoot);
            Assert.Equal(f.VerifyingKeyHash, escrow.VerifyingKeyHash);
            Assert.Equal(EscrowDriver.Price, await f.TokenBalanceAsync(escrow.Vault));
            Assert.Equal(4 * EscrowDriver.Price, await f.TokenBalanceAsync(tokens));
            using var printed = JsonDocument.Parse(run.LastLine);
            var decoded = printed.RootElement.GetProperty("decoded");
            Assert.Equal(f.Program.FindEscrow(requestId).Address.ToString(), printed.RootElement.GetProperty("escrow").GetString());
            Assert.Equal($"{EscrowDriver.Price}", decoded.GetProperty("amount").GetString());
            Assert.Equal(escrow.Vault.ToString(), decoded.GetProperty("vault").GetString());
            Assert.Equal(Convert.ToHexString(requestId), decoded.GetProperty("requestId")[1].GetString(), ignoreCase: true);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    /// <summary>A distinct key per number (not necessarily on the curve: only addresses are compared).</summary>
    private static PublicKey Key(byte n) => new(Enumerable.Repeat(n, 32).ToArray());
}
