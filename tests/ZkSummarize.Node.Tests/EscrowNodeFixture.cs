using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Node.Tests;

/// <summary>The node with the escrow scheme: the program built from source and configured with a treasury, a 5% fee and the development verifying key.</summary>
public class EscrowNodeFixture : NodeFixture
{
    public Keypair Worker { get; } = Keypair.Generate();
    public Keypair ProgramAdmin { get; } = Keypair.Generate();
    public Keypair TreasuryOwner { get; } = Keypair.Generate();
    public EscrowProgram Program { get; } = new(Keypair.Generate().PublicKey);
    public PublicKey Treasury { get; private set; }

    /// <summary>More node settings, for fixtures that need other terms.</summary>
    protected virtual string[] NodeSettings => [];

    protected override async Task<string[]> PrepareAsync()
    {
        await CircuitBuild.EnsureBuiltAsync();
        await Admin.AddProgramAsync(Program.ProgramId.ToString(), await OnchainBuild.BuildProgramAsync());
        foreach (var k in new[] { Worker, ProgramAdmin }) await Rpc.ConfirmTransactionAsync(await Rpc.RequestAirdropAsync(k.PublicKey, 2_000_000_000));
        Treasury = await new TokenClient(Rpc).CreateAssociatedTokenAccountAsync(ProgramAdmin, TreasuryOwner.PublicKey, Mint);
        var verifyingKey = SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(RepoPaths.Combine("circuits", "verification_key.dev.json")));
        await Rpc.SendAsync([Program.InitializeConfig(ProgramAdmin.PublicKey, Mint, Treasury, 500)], [ProgramAdmin]);
        await Rpc.SendAsync([Program.SetVerifyingKey(ProgramAdmin.PublicKey, SolanaEncoding.EncodeVerifyingKey(verifyingKey))], [ProgramAdmin]);
        var workerFile = Path.Combine(Folder, "worker.json");
        Worker.SaveSolanaKeygenFile(workerFile);
        var payToFile = Path.Combine(Folder, "pay-to.json"); // so that the node pays workers their share of `exact` payments
        PayTo.SaveSolanaKeygenFile(payToFile);
        return ["--Node:ProgramId", Program.ProgramId.ToString(), "--Node:WorkerKeypair", workerFile, "--Node:PayToKeypair", payToFile, "--Node:CircuitFolder", RepoPaths.Combine("circuits", "build"), .. NodeSettings];
    }
}

/// <summary>The escrow node with quotes that expire after 15 s, so that a test can watch one being forgotten.</summary>
public sealed class ShortQuotesNodeFixture : EscrowNodeFixture
{
    protected override string[] NodeSettings => ["--Node:QuoteSeconds", "15"];
}
