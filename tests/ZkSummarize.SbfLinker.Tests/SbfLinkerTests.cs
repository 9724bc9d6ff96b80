using System.Buffers.Binary;
using System.Numerics;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Hashing;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using ZkSummarize.Testing;

namespace ZkSummarize.SbfLinker.Tests;

/// <summary>Small C programs, compiled by clang, linked by us, loaded and run by the real runtime (LiteSVM on the dev chain).</summary>
public sealed class SbfLinkerTests(DevChainFixture chain) : IClassFixture<DevChainFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private async Task<IReadOnlyList<string>> RunAsync(byte[] program, byte[] instructionData)
    {
        using var programId = Keypair.Generate();
        await chain.Admin.AddProgramAsync(programId.PublicKey.ToString(), program, cancellationToken: Ct);
        var rpc = SolanaRpcClient.Create(chain.RpcUrl);
        using var payer = Keypair.Generate();
        await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(payer.PublicKey, 1_000_000_000, Ct), cancellationToken: Ct);
        var signature = await rpc.SendAsync([new TransactionInstruction(programId.PublicKey, [], instructionData)], [payer], Ct);
        var details = await rpc.GetTransactionAsync(signature, cancellationToken: Ct);
        Assert.NotNull(details);
        Assert.Null(details.Error);
        return details.Logs;
    }

    [Theory]
    [InlineData(0, "red", "first word", "0x1, 0x2, 0x2a")]
    [InlineData(1, "green", "second word", "0x4, 0x8, 0x2a")]
    [InlineData(5, "blue", "second word", "0x10, 0x20, 0x2a")]
    public async Task A_program_with_pointer_tables_local_calls_and_syscalls_runs(byte pick, string colour, string word, string numbers)
    {
        var program = SbfLinker.Link(await ClangBuild.CompileAsync(ClangBuild.SourcePath("features.c")));
        var logs = await RunAsync(program, [pick]);
        Assert.Contains($"Program log: {colour}", logs);
        Assert.Contains($"Program log: {word}", logs);
        Assert.Contains(logs, l => l.StartsWith($"Program log: {numbers}", StringComparison.Ordinal));
    }

    /// <summary>
    /// The runtime's sol_poseidon (which the program uses for summaryHash) hashes as our Poseidon does, re-checked on
    /// every run: [1, 1] is the value PoseidonTests records, r - 1 the largest element, the third an arbitrary one.
    /// </summary>
    [Theory]
    [InlineData("1", "1", "007af346e2d304279e79e0a9f3023f771294a78acb70e73f90afe27cad401e81")]
    [InlineData("21888242871839275222246405745257275088548364400416034343698204186575808495616", "0", null)]
    [InlineData("6016871232447890581396441823491434557148735009127154312478396522154712497536", "3", null)]
    public async Task Sol_poseidon_on_the_dev_chain_hashes_as_our_poseidon_does(string a, string b, string? recorded)
    {
        var (x, y) = (Fr.FromBigInteger(BigInteger.Parse(a)), Fr.FromBigInteger(BigInteger.Parse(b)));
        var program = SbfLinker.Link(await ClangBuild.CompileAsync(ClangBuild.SourcePath("poseidon.c")));
        var logs = await RunAsync(program, [.. x.ToBytesBigEndian(), .. y.ToBytesBigEndian()]);
        var onChain = Convert.FromBase64String(logs.Single(l => l.StartsWith("Program data: ", StringComparison.Ordinal))["Program data: ".Length..]);
        Assert.Equal(Convert.ToHexStringLower(Poseidon.Hash(x, y).ToBytesBigEndian()), Convert.ToHexStringLower(onChain));
        if (recorded is not null) Assert.Equal(recorded, Convert.ToHexStringLower(onChain));
    }

    [Fact]
    public async Task Building_twice_gives_the_same_bytes()
    {
        var first = SbfLinker.Link(await ClangBuild.CompileAsync(ClangBuild.SourcePath("features.c")));
        var second = SbfLinker.Link(await ClangBuild.CompileAsync(ClangBuild.SourcePath("features.c")));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Writable_static_data_is_refused_with_a_clear_message()
    {
        var obj = await ClangBuild.CompileAsync(ClangBuild.SourcePath("writable.c"));
        var e = Assert.Throws<SbfLinkException>(() => SbfLinker.Link(obj));
        Assert.Contains("writable static data", e.Message, StringComparison.Ordinal);
        Assert.Contains(".data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inputs_that_are_not_bpf_objects_or_lack_an_entrypoint_are_refused()
    {
        Assert.Contains("not an ELF file", Assert.Throws<SbfLinkException>(() => SbfLinker.Link("hello"u8.ToArray())).Message, StringComparison.Ordinal);
        var program = SbfLinker.Link(await ClangBuild.CompileAsync(ClangBuild.SourcePath("features.c")));
        Assert.Contains("relocatable object", Assert.Throws<SbfLinkException>(() => SbfLinker.Link(program)).Message, StringComparison.Ordinal);
        var obj = await ClangBuild.CompileAsync(ClangBuild.SourcePath("features.c"));
        Assert.Contains("no function `main`", Assert.Throws<SbfLinkException>(() => SbfLinker.Link(obj, "main")).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by fuzzing (tests/ZkSummarize.Fuzz): the reader trusted the object's offsets, sizes, indices and
    /// alignments, and a damaged object threw from deep inside the linker, divided by zero or hung.
    /// </summary>
    [Fact]
    public async Task A_damaged_object_is_refused_with_what_is_wrong()
    {
        var obj = await ClangBuild.CompileAsync(ClangBuild.SourcePath("features.c"));
        var sectionTable = (int)BinaryPrimitives.ReadUInt64LittleEndian(obj.AsSpan(0x28));
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(obj.AsSpan(0x3C));
        string Refusal(Action<byte[]> damage)
        {
            var copy = obj.ToArray();
            damage(copy);
            return Assert.Throws<SbfLinkException>(() => SbfLinker.Link(copy)).Message;
        }
        int Header(int section, int field) => sectionTable + section * 64 + field;
        var text = Enumerable.Range(1, sectionCount - 1).First(i => BinaryPrimitives.ReadUInt32LittleEndian(obj.AsSpan(Header(i, 4))) == 1);
        var rel = Enumerable.Range(1, sectionCount - 1).First(i => BinaryPrimitives.ReadUInt32LittleEndian(obj.AsSpan(Header(i, 4))) == 9);

        Assert.Contains("lies outside", Refusal(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(0x28), (ulong)b.Length)), StringComparison.Ordinal);
        Assert.Contains("lies outside", Refusal(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(Header(text, 32)), ulong.MaxValue - 8)), StringComparison.Ordinal);
        Assert.Contains("section-name table", Refusal(b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(0x3E), sectionCount)), StringComparison.Ordinal);
        Assert.Contains("runs past its table", Refusal(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(Header(text, 0)), uint.MaxValue)), StringComparison.Ordinal);
        Assert.Contains("alignment", Refusal(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(Header(text, 48)), 1UL << 63)), StringComparison.Ordinal);
        Assert.Contains("16-byte REL entries", Refusal(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(Header(rel, 32)), 15)), StringComparison.Ordinal);
        var relOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(obj.AsSpan(Header(rel, 24)));
        Assert.Contains("names symbol", Refusal(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(relOffset + 12), uint.MaxValue)), StringComparison.Ordinal);
        Assert.Contains("patches", Refusal(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(relOffset), ulong.MaxValue - 4)), StringComparison.Ordinal);
    }
}
