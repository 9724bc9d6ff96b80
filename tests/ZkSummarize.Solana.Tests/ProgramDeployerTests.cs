using System.Security.Cryptography;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;
using ZkSummarize.Testing;

namespace ZkSummarize.Solana.Tests;

/// <summary>Buffer writes through the real upgradeable loader on a chain without dev methods: chunked, resumable, checked.</summary>
public sealed class ProgramDeployerTests(StandardRpcChainFixture chain) : IClassFixture<StandardRpcChainFixture>
{
    private readonly SolanaRpcClient _rpc = SolanaRpcClient.Create(chain.RpcUrl);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Keypair> FundedAsync()
    {
        var keypair = Keypair.Generate();
        await _rpc.ConfirmTransactionAsync(await _rpc.RequestAirdropAsync(keypair.PublicKey, 5_000_000_000, Ct), cancellationToken: Ct);
        return keypair;
    }

    [Fact]
    public async Task An_interrupted_write_resumes_with_only_the_missing_chunks_and_a_damaged_chunk_is_rewritten_alone()
    {
        var payer = await FundedAsync();
        using var authority = Keypair.Generate();
        using var buffer = Keypair.Generate();
        var program = RandomNumberGenerator.GetBytes(20_000);
        var deployer = new ProgramDeployer(_rpc);
        var chunkSize = ProgramDeployer.WriteChunkSize(payer.PublicKey, buffer.PublicKey, authority.PublicKey);
        var chunks = (program.Length + chunkSize - 1) / chunkSize;

        // What an interrupted run leaves (a killed process, a lost connection, refused writes): the buffer, and only some chunks in it.
        var size = (ulong)(UpgradeableLoader.BufferMetadataSize + program.Length);
        await _rpc.SendAsync([SystemProgram.CreateAccount(payer.PublicKey, buffer.PublicKey, await _rpc.GetMinimumBalanceForRentExemptionAsync(size, Ct), size, UpgradeableLoader.ProgramId),
            UpgradeableLoader.InitializeBuffer(buffer.PublicKey, authority.PublicKey)], [payer, buffer], Ct);
        foreach (var chunk in new[] { 0, 1, 2, 7, 11 })
        {
            await _rpc.SendAsync([UpgradeableLoader.Write(buffer.PublicKey, authority.PublicKey, (uint)(chunk * chunkSize), program.AsSpan(chunk * chunkSize, chunkSize))], [payer, authority], Ct);
        }

        var reports = new List<BufferProgress>();
        var sent = await deployer.WriteBufferAsync(payer, buffer, authority, program, new InlineProgress(reports.Add), Ct);
        Assert.Equal(new BufferProgress(chunks, 5, 1), reports[0]);
        Assert.Equal(chunks - 5, sent);
        Assert.Equal(new BufferProgress(chunks, chunks, 2), reports[^1]); // read back: complete
        Assert.Equal(program, await BufferBytesAsync(buffer.PublicKey));

        // A chunk overwritten with other bytes (a failed or foreign write) is found by reading back, and only it is sent again.
        await _rpc.SendAsync([UpgradeableLoader.Write(buffer.PublicKey, authority.PublicKey, 3000, new byte[100])], [payer, authority], Ct);
        Assert.NotEqual(program, await BufferBytesAsync(buffer.PublicKey));
        Assert.Equal(1, await deployer.WriteBufferAsync(payer, buffer, authority, program, null, Ct));
        Assert.Equal(program, await BufferBytesAsync(buffer.PublicKey));
        Assert.Equal(0, await deployer.WriteBufferAsync(payer, buffer, authority, program, null, Ct));

        // Another authority or another build cannot take the buffer over.
        using var stranger = Keypair.Generate();
        var foreign = await Assert.ThrowsAsync<InvalidOperationException>(() => deployer.WriteBufferAsync(payer, buffer, stranger, program, null, Ct));
        Assert.Contains($"is written by {authority.PublicKey}", foreign.Message, StringComparison.Ordinal);
        var resized = await Assert.ThrowsAsync<InvalidOperationException>(() => deployer.WriteBufferAsync(payer, buffer, authority, program.AsMemory(0, 1000), null, Ct));
        Assert.Contains("made for another build", resized.Message, StringComparison.Ordinal);

        // An abandoned buffer gives its rent back.
        var before = await _rpc.GetBalanceAsync(payer.PublicKey, cancellationToken: Ct);
        await _rpc.SendAsync([UpgradeableLoader.CloseBuffer(buffer.PublicKey, payer.PublicKey, authority.PublicKey)], [payer, authority], Ct);
        Assert.Null(await _rpc.GetAccountInfoAsync(buffer.PublicKey, cancellationToken: Ct));
        Assert.True(await _rpc.GetBalanceAsync(payer.PublicKey, cancellationToken: Ct) > before);
    }

    [Fact]
    public async Task Every_write_fits_a_packet_and_the_loader_refuses_a_write_not_signed_by_the_buffer_authority()
    {
        var payer = await FundedAsync();
        using var authority = Keypair.Generate();
        using var buffer = Keypair.Generate();
        foreach (var signer in new[] { payer, authority })
        {
            // A full chunk with the highest compute-unit price fills the packet exactly; one byte more does not fit.
            var chunk = ProgramDeployer.WriteChunkSize(payer.PublicKey, buffer.PublicKey, signer.PublicKey);
            Transaction Write(int length) => new Transaction(Message.Compile(payer.PublicKey,
                [ComputeBudgetProgram.SetComputeUnitPrice(ulong.MaxValue), UpgradeableLoader.Write(buffer.PublicKey, signer.PublicKey, uint.MaxValue, new byte[length])],
                PublicKey.Default.ToString())).Sign(payer, signer);
            Assert.Equal(Transaction.MaxPacketSize, Write(chunk).Serialize().Length);
            Assert.Throws<TransactionTooLargeException>(() => Write(chunk + 1).Serialize());
        }

        Assert.Equal(968, ProgramDeployer.WriteChunkSize(payer.PublicKey, buffer.PublicKey, payer.PublicKey));
        Assert.Equal(872, ProgramDeployer.WriteChunkSize(payer.PublicKey, buffer.PublicKey, authority.PublicKey)); // one more signature and key
        var program = RandomNumberGenerator.GetBytes(3000);
        await new ProgramDeployer(_rpc).WriteBufferAsync(payer, buffer, authority, program, null, Ct);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _rpc.SendAsync([UpgradeableLoader.Write(buffer.PublicKey, payer.PublicKey, 0, new byte[10])], [payer], Ct));
        Assert.True(refused is SolanaRpcException or TransactionFailedException, refused.ToString());
        Assert.Equal(program, await BufferBytesAsync(buffer.PublicKey));
    }

    private async Task<byte[]> BufferBytesAsync(PublicKey buffer)
    {
        var account = await _rpc.GetAccountInfoAsync(buffer, cancellationToken: Ct);
        return Assert.IsType<UpgradeableLoaderState.Buffer>(UpgradeableLoaderState.Decode(account!.Data)).Bytes.ToArray();
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, so its reports could arrive after the call returned).</summary>
    private sealed class InlineProgress(Action<BufferProgress> report) : IProgress<BufferProgress>
    {
        public void Report(BufferProgress value) => report(value);
    }
}
