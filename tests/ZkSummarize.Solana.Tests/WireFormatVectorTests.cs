using System.Text.Json;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Tests;

/// <summary>
/// Byte-for-byte agreement with @solana/web3.js and @solana/kit, from vectors/solana-vectors.json
/// (made by tests/js/solana/make-vectors.mjs).
/// </summary>
public sealed class WireFormatVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "solana-vectors.json"))).RootElement;
    private static readonly string Blockhash = Vectors.GetProperty("blockhash").GetString()!;

    public static TheoryData<string> TransactionCases => new(Vectors.GetProperty("transactions").EnumerateObject().Select(p => p.Name));

    [Fact]
    public void Keypairs_from_seeds_match()
    {
        foreach (var entry in Vectors.GetProperty("keypairs").EnumerateObject())
        {
            using var keypair = Keypair.FromSeed(Convert.FromHexString(entry.Value.GetProperty("seed").GetString()!));
            Assert.Equal(entry.Value.GetProperty("publicKey").GetString(), keypair.PublicKey.ToString());
        }
    }

    [Fact]
    public void Base58_matches()
    {
        foreach (var entry in Vectors.GetProperty("base58").EnumerateArray())
        {
            var bytes = Convert.FromHexString(entry.GetProperty("hex").GetString()!);
            var text = entry.GetProperty("text").GetString()!;
            Assert.Equal(text, Base58.Encode(bytes));
            Assert.Equal(bytes, Base58.Decode(text));
        }
    }

    [Fact]
    public void Program_addresses_and_bumps_match()
    {
        foreach (var entry in Vectors.GetProperty("pdas").EnumerateArray())
        {
            var seeds = entry.GetProperty("seeds").EnumerateArray().Select(s => SeedBytes(s.GetString()!)).ToList();
            var program = PublicKey.Parse(entry.GetProperty("program").GetString()!);
            var (address, bump) = PublicKey.FindProgramAddress(seeds, program);
            Assert.Equal(entry.GetProperty("address").GetString(), address.ToString());
            Assert.Equal(entry.GetProperty("bump").GetInt32(), bump);
            Assert.False(address.IsOnCurve());
            Assert.Equal(address, PublicKey.CreateProgramAddress([.. seeds, [bump]], program));
        }
    }

    [Fact]
    public void Associated_token_addresses_match()
    {
        foreach (var entry in Vectors.GetProperty("atas").EnumerateArray())
        {
            var ata = AssociatedTokenProgram.GetAssociatedTokenAddress(
                PublicKey.Parse(entry.GetProperty("owner").GetString()!),
                PublicKey.Parse(entry.GetProperty("mint").GetString()!),
                PublicKey.Parse(entry.GetProperty("tokenProgram").GetString()!));
            Assert.Equal(entry.GetProperty("address").GetString(), ata.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(TransactionCases))]
    public void Transactions_are_byte_identical(string name)
    {
        var expected = Vectors.GetProperty("transactions").GetProperty(name);
        var feePayer = TestKeys.ByName(expected.GetProperty("feePayer").GetString()!).PublicKey;
        var (version, instructions, tables) = Build(name);
        var message = Message.Compile(feePayer, instructions, Blockhash, version, tables);
        Assert.Equal(expected.GetProperty("message").GetString(), Convert.ToBase64String(message.Serialize()));

        var transaction = new Transaction(message);
        transaction.Sign(expected.GetProperty("signers").EnumerateArray().Select(s => TestKeys.ByName(s.GetString()!)).ToArray());
        var wire = expected.GetProperty("wire").GetString()!;
        Assert.Equal(wire, transaction.ToBase64(requireAllSignatures: false));

        // And back: the parsed transaction re-serializes to the same bytes, with valid signatures.
        var parsed = Transaction.FromBase64(wire);
        Assert.Equal(wire, parsed.ToBase64(requireAllSignatures: false));
        Assert.True(parsed.VerifyPresentSignatures());
        Assert.Equal(transaction.IsFullySigned, parsed.IsFullySigned);
    }

    [Fact]
    public void Partially_signed_x402_transaction_can_be_completed_by_the_fee_payer()
    {
        var wire = Vectors.GetProperty("transactions").GetProperty("v0_x402_partial").GetProperty("wire").GetString()!;
        var parsed = Transaction.FromBase64(wire);
        Assert.False(parsed.IsFullySigned);
        Assert.Equal([TestKeys.Facilitator.PublicKey], parsed.MissingSigners);
        Assert.Throws<InvalidOperationException>(() => parsed.Serialize());

        parsed.Sign(TestKeys.Facilitator);
        Assert.True(parsed.IsFullySigned);
        Assert.True(parsed.VerifyPresentSignatures());

        var transfer = parsed.Message.DecompileInstructions()[2];
        Assert.True(TokenProgram.TryDecodeTransferChecked(transfer, out var decoded));
        Assert.Equal(10_000UL, decoded.Amount);
        Assert.Equal(TestKeys.BobAta, decoded.Destination);
        Assert.Equal(TestKeys.Alice.PublicKey, decoded.Authority);
    }

    private static (TransactionVersion, List<TransactionInstruction>, List<AddressLookupTableAccount>?) Build(string name)
    {
        var (payer, alice, bob, mint, table) = (TestKeys.Payer.PublicKey, TestKeys.Alice.PublicKey, TestKeys.Bob.PublicKey, TestKeys.Mint.PublicKey, TestKeys.Table.PublicKey);
        List<TransactionInstruction> x402() =>
        [
            ComputeBudgetProgram.SetComputeUnitLimit(20_000),
            ComputeBudgetProgram.SetComputeUnitPrice(1),
            TokenProgram.TransferChecked(TestKeys.AliceAta, mint, TestKeys.BobAta, alice, 10_000, 6),
            MemoProgram.Memo("f1e2d3c4b5a6"),
        ];
        return name switch
        {
            "legacy_transfer_memo" => (TransactionVersion.Legacy, [SystemProgram.Transfer(payer, bob, 1_500_000), MemoProgram.Memo("zk summary #1")], null),
            "legacy_create_mint" => (TransactionVersion.Legacy,
            [
                SystemProgram.CreateAccount(payer, mint, 1_461_600, TokenProgram.MintSize, TokenProgram.ProgramId),
                TokenProgram.InitializeMint2(mint, 6, payer),
                AssociatedTokenProgram.CreateIdempotent(payer, alice, mint),
                TokenProgram.MintTo(mint, TestKeys.AliceAta, payer, 5_000_000),
            ], null),
            "v0_x402_partial" => (TransactionVersion.V0, x402(), null),
            "v0_multi_signer" => (TransactionVersion.V0,
            [
                TokenProgram.InitializeAccount3(table, mint, bob),
                TokenProgram.TransferChecked(TestKeys.AliceAta, mint, TestKeys.BobAta, alice, 42, 6),
                TokenProgram.CloseAccount(TestKeys.BobAta, payer, bob),
                SystemProgram.Transfer(alice, payer, 7),
            ], null),
            "v0_lookup_table" => (TransactionVersion.V0, x402(), [new AddressLookupTableAccount(table, [TestKeys.BobAta, mint, TestKeys.AliceAta])]),
            "legacy_loader_buffer" => (TransactionVersion.Legacy,
            [
                SystemProgram.CreateAccount(payer, table, 3_118_080, UpgradeableLoader.BufferMetadataSize + 300, UpgradeableLoader.ProgramId),
                UpgradeableLoader.InitializeBuffer(table, alice),
                UpgradeableLoader.Write(table, alice, 0, LoaderProgramBytes),
                UpgradeableLoader.Write(table, alice, 70_000, LoaderProgramBytes.AsSpan(0, 5)),
            ], null),
            "legacy_loader_deploy" => (TransactionVersion.Legacy,
            [
                SystemProgram.CreateAccount(payer, bob, 1_141_440, UpgradeableLoader.ProgramAccountSize, UpgradeableLoader.ProgramId),
                UpgradeableLoader.DeployWithMaxDataLen(payer, bob, table, alice, 600),
            ], null),
            "legacy_loader_upgrade" => (TransactionVersion.Legacy,
            [
                UpgradeableLoader.Upgrade(bob, table, payer, alice),
                UpgradeableLoader.SetAuthority(UpgradeableLoader.FindProgramDataAddress(bob), alice, mint),
                UpgradeableLoader.SetAuthorityChecked(UpgradeableLoader.FindProgramDataAddress(bob), alice, mint),
            ], null),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no builder for this vector"),
        };
    }

    // The program bytes of the loader vectors: byte i is (7i + 1) mod 256.
    private static readonly byte[] LoaderProgramBytes = Enumerable.Range(0, 300).Select(i => (byte)((i * 7 + 1) % 256)).ToArray();

    [Fact]
    public void The_program_data_address_matches()
    {
        Assert.Equal(Vectors.GetProperty("loader").GetProperty("programData").GetString(), UpgradeableLoader.FindProgramDataAddress(TestKeys.Bob.PublicKey).ToString());
    }

    private static byte[] SeedBytes(string seed) =>
        seed.StartsWith("hex:", StringComparison.Ordinal) ? Convert.FromHexString(seed[4..])
        : seed.StartsWith("key:", StringComparison.Ordinal) ? PublicKey.Parse(seed[4..]).ToBytes()
        : System.Text.Encoding.UTF8.GetBytes(seed);
}
