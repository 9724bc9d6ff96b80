using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Onchain.Tests;

/// <summary>
/// The escrow program built from source (clang-14 + our linker), loaded into a dev chain with
/// <see cref="ProgramAdmin"/> as its upgrade authority, configured with a USDC-like mint, a treasury, a 5%
/// fee and a grounding circuit's development verifying key; an operator whose workers may attest; and a
/// prover for real grounding proofs.
/// <para>
/// The key is the smallest member's (<see cref="GroundingFamily.News"/>, in slot 0). The program checks every
/// member's proofs alike (four public inputs, the same 768-byte key layout and compute units, and it does not
/// know which circuit a slot is for), and the smallest member's key is made in about a second where the full
/// circuit's takes ten, and proves in a third of the time: every class's fixture and every mutant of the
/// mutation run pay for it. <see cref="FullProver"/> proves with the full circuit where a test needs a second circuit.
/// </para>
/// </summary>
public sealed class EscrowFixture : DevChainFixture
{
    public const ushort FeeBasisPoints = 500;
    public const byte Decimals = 6;

    public byte[] ProgramBytes { get; private set; } = [];
    public EscrowProgram Program { get; private set; } = null!;
    public SolanaRpcClient Rpc { get; private set; } = null!;
    public TokenClient Tokens { get; private set; } = null!;
    public Keypair ProgramAdmin { get; } = Keypair.Generate();
    public Keypair MintAuthority { get; } = Keypair.Generate();
    public Keypair Mint { get; } = Keypair.Generate();
    public Keypair TreasuryOwner { get; } = Keypair.Generate();

    /// <summary>The node whose quotes the escrows name: only workers it registered may attest them.</summary>
    public Keypair Operator { get; } = Keypair.Generate();
    public PublicKey Treasury { get; private set; }
    public GroundingProver Prover { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await CircuitBuild.EnsureBuiltAsync();
        ProgramBytes = await BuildProgramAsync();
        using var programKey = Keypair.Generate();
        Program = new EscrowProgram(programKey.PublicKey);
        await Admin.AddProgramAsync(Program.ProgramId.ToString(), ProgramBytes, ProgramAdmin.PublicKey.ToString());

        Rpc = SolanaRpcClient.Create(RpcUrl);
        Tokens = new TokenClient(Rpc);
        foreach (var wallet in new[] { ProgramAdmin, MintAuthority, TreasuryOwner, Operator }) await FundSolAsync(wallet.PublicKey);
        await Tokens.CreateMintAsync(MintAuthority, Mint, Decimals, MintAuthority.PublicKey);
        Treasury = await Tokens.CreateAssociatedTokenAccountAsync(TreasuryOwner, TreasuryOwner.PublicKey, Mint.PublicKey);

        Prover = await Task.Run(() => GroundingProver.WithDevelopmentKey(GroundingFamily.News, RepoPaths.Combine("circuits", "build")));
        await Rpc.SendAsync([Program.InitializeConfig(ProgramAdmin.PublicKey, Mint.PublicKey, Treasury, FeeBasisPoints)], [ProgramAdmin]);
        VerifyingKey = SolanaEncoding.EncodeVerifyingKey(Prover.VerifyingKey);
        await Rpc.SendAsync([Program.SetVerifyingKey(ProgramAdmin.PublicKey, VerifyingKey)], [ProgramAdmin]);
    }

    /// <summary>The development key in the program's layout (768 bytes), which the config holds.</summary>
    public byte[] VerifyingKey { get; private set; } = [];

    /// <summary>The hash escrows are opened under: <see cref="VerifyingKey"/>'s, in config slot 0.</summary>
    public byte[] VerifyingKeyHash => EscrowProgram.VerifyingKeyHash(VerifyingKey);

    private readonly Lazy<GroundingProver> _fullProver = new(() => GroundingProver.WithDevelopmentKey(GroundingFamily.Full, RepoPaths.Combine("circuits", "build")));

    /// <summary>A prover of the full grounding circuit (depth 12, 16 slots) under its development key, made on first use (about ten seconds).</summary>
    public GroundingProver FullProver => _fullProver.Value;

    public override async ValueTask DisposeAsync()
    {
        Prover?.Dispose();
        if (_fullProver.IsValueCreated) _fullProver.Value.Dispose();
        await base.DisposeAsync();
    }

    public async Task FundSolAsync(PublicKey address) =>
        await Rpc.ConfirmTransactionAsync(await Rpc.RequestAirdropAsync(address, 10_000_000_000));

    /// <summary>A wallet with SOL and a token account holding <paramref name="usdc"/> base units.</summary>
    public async Task<(Keypair Wallet, PublicKey TokenAccount)> NewWalletAsync(ulong usdc)
    {
        var wallet = Keypair.Generate();
        await FundSolAsync(wallet.PublicKey);
        var account = await Tokens.CreateAssociatedTokenAccountAsync(wallet, wallet.PublicKey, Mint.PublicKey);
        if (usdc > 0) await Tokens.MintToAsync(MintAuthority, Mint.PublicKey, account, MintAuthority, usdc);
        return (wallet, account);
    }

    /// <summary>A funded worker with a token account, registered by <see cref="Operator"/> (or not).</summary>
    public async Task<(Keypair Worker, PublicKey TokenAccount)> NewWorkerAsync(bool registered = true)
    {
        var (worker, tokens) = await NewWalletAsync(0);
        if (registered) await Rpc.SendAsync([Program.RegisterWorker(Operator.PublicKey, worker.PublicKey)], [Operator]);
        return (worker, tokens);
    }

    public async Task<EscrowAccount> EscrowAsync(byte[] requestId) =>
        EscrowProgram.DecodeEscrow((await Rpc.GetAccountInfoAsync(Program.FindEscrow(requestId).Address))!.Data);

    public async Task<ulong> TokenBalanceAsync(PublicKey account) =>
        await Rpc.GetAccountInfoAsync(account) is null ? 0 : (await Rpc.GetTokenAccountBalanceAsync(account)).Amount;

    // The program is built from source, like CI builds it: the tests load exactly these bytes.
    public static Task<byte[]> BuildProgramAsync() => OnchainBuild.BuildProgramAsync();
}
