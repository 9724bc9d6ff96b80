using System.Buffers.Binary;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Testing;

namespace ZkSummarize.Payments.Tests;

[CollectionDefinition(Name)]
public sealed class EscrowChainCollection : ICollectionFixture<EscrowChainFixture>
{
    public const string Name = "escrow chain";
}

/// <summary>
/// The escrow program built from source on a dev chain, configured (a 6-decimal mint, a treasury, a 5% fee
/// and a verifying key), for the chain half of Payments: what the job reads and sends, how a worker's
/// attestation is built, how a receipt is checked against the chain, what a paying client signs. No proofs
/// are made here (the program tests make them); attestations are written as the program lays them out.
/// </summary>
public sealed class EscrowChainFixture : DevChainFixture
{
    public const ushort FeeBasisPoints = 500;

    public EscrowProgram Program { get; private set; } = null!;
    public SolanaRpcClient Rpc { get; private set; } = null!;
    public TokenClient Tokens { get; private set; } = null!;
    public Keypair ProgramAdmin { get; } = Keypair.Generate();
    public Keypair MintKey { get; } = Keypair.Generate();
    public PublicKey Mint => MintKey.PublicKey;
    public PublicKey Treasury { get; private set; }
    public Keypair Operator { get; } = Keypair.Generate();

    /// <summary>The key the config holds (any 768 bytes: nothing here is proven).</summary>
    public byte[] VerifyingKey { get; } = Enumerable.Range(0, EscrowProgram.VerifyingKeyLength).Select(i => (byte)i).ToArray();

    /// <summary>The hash escrows are opened under: <see cref="VerifyingKey"/>'s, in config slot 0.</summary>
    public byte[] VerifyingKeyHash => EscrowProgram.VerifyingKeyHash(VerifyingKey);

    public string Network { get; private set; } = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        using var programKey = Keypair.Generate();
        Program = new EscrowProgram(programKey.PublicKey);
        await Admin.AddProgramAsync(Program.ProgramId.ToString(), await OnchainBuild.BuildProgramAsync(), ProgramAdmin.PublicKey.ToString());
        Rpc = SolanaRpcClient.Create(RpcUrl);
        Tokens = new TokenClient(Rpc);
        foreach (var wallet in new[] { ProgramAdmin, Operator }) await FundSolAsync(wallet.PublicKey);
        await Tokens.CreateMintAsync(ProgramAdmin, MintKey, 6, ProgramAdmin.PublicKey);
        Treasury = await Tokens.CreateAssociatedTokenAccountAsync(ProgramAdmin, ProgramAdmin.PublicKey, Mint);
        await Rpc.SendAsync([Program.InitializeConfig(ProgramAdmin.PublicKey, Mint, Treasury, FeeBasisPoints)], [ProgramAdmin]);
        await Rpc.SendAsync([Program.SetVerifyingKey(ProgramAdmin.PublicKey, VerifyingKey)], [ProgramAdmin]);
        Network = $"solana:{(await Rpc.GetGenesisHashAsync())[..32]}";
    }

    public async Task FundSolAsync(PublicKey address) => await Rpc.ConfirmTransactionAsync(await Rpc.RequestAirdropAsync(address, 10_000_000_000));

    /// <summary>A wallet with SOL and a token account holding <paramref name="usdc"/> base units.</summary>
    public async Task<(Keypair Wallet, PublicKey TokenAccount)> NewWalletAsync(ulong usdc)
    {
        var wallet = Keypair.Generate();
        await FundSolAsync(wallet.PublicKey);
        var account = await Tokens.CreateAssociatedTokenAccountAsync(wallet, wallet.PublicKey, Mint);
        if (usdc > 0) await Tokens.MintToAsync(ProgramAdmin, Mint, account, ProgramAdmin, usdc);
        return (wallet, account);
    }

    public async Task<ulong> TokenBalanceAsync(PublicKey account) =>
        await Rpc.GetAccountInfoAsync(account) is null ? 0 : (await Rpc.GetTokenAccountBalanceAsync(account)).Amount;

    /// <summary>An escrow of <paramref name="amount"/> opened by a new client for a new request; its request id.</summary>
    public async Task<(byte[] RequestId, Keypair Client)> OpenEscrowAsync(ulong amount, byte[] docRoot, int sentences = 2)
    {
        var (client, tokens) = await NewWalletAsync(amount);
        var requestId = FieldEncoding.NewRequestId();
        var deadline = await Admin.AdvanceTimeAsync(0) + 600;
        await Rpc.SendAsync(Program.OpenEscrowWithVault(client.PublicKey, tokens, Mint, requestId, docRoot, amount, deadline, Operator.PublicKey, sentences, VerifyingKeyHash), [client]);
        return (requestId, client);
    }

    /// <summary>Writes an attestation account at <paramref name="address"/> in the program's layout (src/onchain/state.h).</summary>
    public Task WriteAttestationAsync(PublicKey address, AttestationAccount a, PublicKey? owner = null)
    {
        var data = new byte[EscrowProgram.AttestationSize];
        data[0] = 3; // the attestation kind
        data[1] = a.Bump;
        data[2] = (byte)a.Sentences;
        data[3] = a.Escrowed ? (byte)1 : (byte)0;
        a.RequestId.CopyTo(data, 8);
        a.DocRoot.CopyTo(data, 40);
        a.SummaryHash.CopyTo(data, 72);
        a.Worker.ToBytes().CopyTo(data, 104);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(136), a.Slot);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(144), a.PaidToWorker);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(152), a.PaidFee);
        a.VerifyingKeyHash.CopyTo(data, 160);
        a.Operator?.ToBytes().CopyTo(data, 192);
        a.Client?.ToBytes().CopyTo(data, 224);
        return Admin.SetAccountAsync(address.ToString(), 10_000_000, data, (owner ?? Program.ProgramId).ToString());
    }

    /// <summary>A receipt of a 2-sentence summary for <paramref name="requestId"/> by <paramref name="worker"/> (the proof bytes are not a proof).</summary>
    public Receipt ReceiptFor(byte[] requestId, PublicKey worker, string settlement = Settlements.Escrow) => new()
    {
        Network = Network,
        ProgramId = Program.ProgramId.ToString(),
        Settlement = settlement,
        RequestId = Convert.ToHexStringLower(requestId),
        DocRoot = Convert.ToHexStringLower(Enumerable.Repeat((byte)0x02, 32).ToArray()),
        Summary = [new ReceiptSentence(0, "The council met."), new ReceiptSentence(3, "The budget passed.")],
        SummaryHash = Convert.ToHexStringLower(Enumerable.Repeat((byte)0x03, 32).ToArray()),
        Worker = worker.ToString(),
        WorkerKey = Convert.ToHexStringLower(worker.ToBytes()),
        Proof = Convert.ToHexStringLower(Enumerable.Range(0, EscrowProgram.ProofLength).Select(i => (byte)(255 - i)).ToArray()),
        PublicInputs = [],
        VerifyingKeyHash = Convert.ToHexStringLower(EscrowProgram.VerifyingKeyHash(VerifyingKey)),
        VerifyingKeyName = "test",
        Forgeable = true,
        Attestation = (settlement == Settlements.Escrow ? Program.FindAttestation(requestId) : Program.FindDirectAttestation(worker, requestId)).Address.ToString(),
        Transactions = new Dictionary<string, string>(),
    };

    /// <summary>The attestation the program would write for <paramref name="receipt"/>.</summary>
    public AttestationAccount AttestationOf(Receipt receipt, ulong paidToWorker = 0, ulong paidFee = 0) => new(255, receipt.Summary.Count, receipt.Settlement == Settlements.Escrow,
        Convert.FromHexString(receipt.RequestId), Convert.FromHexString(receipt.DocRoot), Convert.FromHexString(receipt.SummaryHash), PublicKey.Parse(receipt.Worker), 7,
        paidToWorker, paidFee, Convert.FromHexString(receipt.VerifyingKeyHash), receipt.Settlement == Settlements.Escrow ? Operator.PublicKey : null,
        receipt.Settlement == Settlements.Escrow ? ProgramAdmin.PublicKey : null);
}
