using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>The escrow program's custom error codes (src/onchain/state.h), in order from 0x100.</summary>
public enum EscrowError
{
    InvalidInstruction = 0x100,
    NotEnoughAccounts,
    MissingSigner,
    NotWritable,
    WrongConfigAddress,
    ConfigAlreadyInitialized,
    ConfigNotInitialized,
    NotAdmin,
    InvalidFee,
    WrongMint,
    WrongTokenProgram,
    WrongSystemProgram,
    InvalidTokenAccount,
    WrongTreasury,
    WrongEscrowAddress,
    EscrowAlreadyExists,
    EscrowNotOpen,
    WrongVault,
    InvalidRequestId,
    InvalidAmount,
    DeadlineInPast,
    DeadlinePassed,
    DeadlineNotReached,
    WrongClient,
    VerifyingKeyNotSet,
    InvalidSummaryHash,
    ProofInvalid,
    WrongAttestationAddress,
    AttestationExists,
    ArithmeticOverflow,
    CpiFailed,
    WrongOwner,
    InvalidDocRoot,
    NotUpgradeAuthority,
    WrongProgramAccount,
    WorkerNotRegistered,
    WrongVerifyingKey,
    InvalidSentenceCount,
    DuplicateAccount,
    WorkerAlreadyRegistered,
    WrongWorkerAddress,
    VerifyingKeyNotCurrent,
    InvalidKeySlot,
}

/// <summary>A decoded OpenEscrow instruction: who locks how much, for which request, document, operator and summary length, under which key, until when, into which accounts.</summary>
public sealed record OpenEscrowInstruction(PublicKey Client, PublicKey Escrow, PublicKey Vault, PublicKey ClientTokenAccount, PublicKey Mint, PublicKey Config,
    byte[] RequestId, byte[] DocRoot, ulong Amount, long Deadline, PublicKey Operator, int Sentences, byte[] VerifyingKeyHash);

/// <summary>
/// The program's configuration: admin (the upgrade authority that initialised it), USDC mint, treasury token account, fee,
/// and the current verifying keys, one slot per circuit of the grounding family (all zeros: an empty slot).
/// </summary>
public sealed record EscrowConfig(byte Bump, ushort FeeBasisPoints, PublicKey Admin, PublicKey Mint, PublicKey Treasury, IReadOnlyList<byte[]> VerifyingKeyHashes)
{
    /// <summary>Slot 0's key: the full grounding circuit's, which clients open under unless the node quotes another circuit.</summary>
    public byte[] VerifyingKeyHash => VerifyingKeyHashes[0];

    /// <summary>Whether any slot holds a key.</summary>
    public bool VerifyingKeySet => VerifyingKeyHashes.Any(IsKey);

    /// <summary>Whether <paramref name="hash"/> is one of the current keys, which OpenEscrow and AttestDirect accept.</summary>
    public bool IsCurrentKey(ReadOnlySpan<byte> hash)
    {
        foreach (var slot in VerifyingKeyHashes)
        {
            if (IsKey(slot) && hash.SequenceEqual(slot)) return true;
        }
        return false;
    }

    private static bool IsKey(byte[] hash) => hash.Any(b => b != 0);
}

/// <summary>A stored verifying key (768 bytes, alt_bn128 layout), at the address its SHA-256 names.</summary>
public sealed record VerifyingKeyAccount(byte Bump, byte[] Hash, byte[] Key);

/// <summary>An operator's permission for a worker key to attest its escrows.</summary>
public sealed record WorkerRegistration(byte Bump, PublicKey Operator, PublicKey Worker);

/// <summary>An open escrow, and everything its settlement depends on.</summary>
public sealed record EscrowAccount(byte Bump, byte State, byte AttestationBump, int Sentences, ushort FeeBasisPoints, PublicKey Client, byte[] RequestId, byte[] DocRoot,
    ulong Amount, long Deadline, PublicKey Config, PublicKey Operator, byte[] VerifyingKeyHash, PublicKey Vault);

/// <summary>The on-chain record of a proven summary: what was proven, under which key, and what was paid for it.</summary>
/// <param name="Escrowed">True when it settled an escrow; false for a direct attestation (paid outside escrow: nothing moved).</param>
public sealed record AttestationAccount(byte Bump, int Sentences, bool Escrowed, byte[] RequestId, byte[] DocRoot, byte[] SummaryHash, PublicKey Worker, ulong Slot,
    ulong PaidToWorker, ulong PaidFee, byte[] VerifyingKeyHash, PublicKey? Operator, PublicKey? Client);

/// <summary>
/// Instruction builders, addresses and account decoders of the ZkSummarize escrow and attestation
/// program (src/onchain; docs/onchain.md). The program id is the deployment's.
/// </summary>
public sealed class EscrowProgram(PublicKey programId)
{
    public const int VerifyingKeyLength = 768;
    public const int ProofLength = 256;
    /// <summary>How many current keys the config holds: one per circuit of the grounding family.</summary>
    public const int KeySlots = 4;
    private const int ConfigKeysOffset = 104;
    public const int ConfigSize = ConfigKeysOffset + 32 * KeySlots, EscrowSize = 248, AttestationSize = 256, VerifyingKeySize = 40 + VerifyingKeyLength, WorkerSize = 72;
    public const int MaxSentences = 16;
    private const int OpenEscrowLength = 147;

    public static readonly PublicKey UpgradeableLoader = Programs.UpgradeableLoader.ProgramId;

    private enum Kind : byte { Config = 1, Escrow = 2, Attestation = 3, VerifyingKey = 4, Worker = 5 }

    private enum Tag : byte { InitializeConfig = 0, SetVerifyingKey = 1, OpenEscrow = 2, Attest = 3, Refund = 4, AttestDirect = 5, RegisterWorker = 6, DeregisterWorker = 7 }

    public PublicKey ProgramId { get; } = programId;

    public (PublicKey Address, byte Bump) FindConfig() => Find("config");

    public (PublicKey Address, byte Bump) FindEscrow(ReadOnlySpan<byte> requestId) => Find("escrow", requestId.ToArray());

    /// <summary>The attestation that settles an escrow of this request id.</summary>
    public (PublicKey Address, byte Bump) FindAttestation(ReadOnlySpan<byte> requestId) => Find("attest", requestId.ToArray());

    /// <summary>A worker's attestation of a summary paid outside escrow (AttestDirect).</summary>
    public (PublicKey Address, byte Bump) FindDirectAttestation(PublicKey worker, ReadOnlySpan<byte> requestId) => Find("direct", worker.ToBytes(), requestId.ToArray());

    public (PublicKey Address, byte Bump) FindVerifyingKey(ReadOnlySpan<byte> keyHash) => Find("vk", keyHash.ToArray());

    public (PublicKey Address, byte Bump) FindWorkerRegistration(PublicKey operatorKey, PublicKey worker) => Find("worker", operatorKey.ToBytes(), worker.ToBytes());

    /// <summary>The program's ProgramData account under the upgradeable loader, which names its upgrade authority.</summary>
    public PublicKey ProgramDataAddress => Programs.UpgradeableLoader.FindProgramDataAddress(ProgramId);

    /// <summary>The vault: the escrow's associated token account for the mint, and its bump.</summary>
    public static (PublicKey Address, byte Bump) FindVault(PublicKey escrow, PublicKey mint) =>
        PublicKey.FindProgramAddress([escrow.ToBytes(), TokenProgram.ProgramId.ToBytes(), mint.ToBytes()], AssociatedTokenProgram.ProgramId);

    /// <summary>What escrows, attestations and configs name a verifying key by: SHA-256 of its 768 bytes.</summary>
    public static byte[] VerifyingKeyHash(ReadOnlySpan<byte> verifyingKey) => SHA256.HashData(verifyingKey);

    /// <param name="admin">The program's upgrade authority: only it may initialise the config.</param>
    public TransactionInstruction InitializeConfig(PublicKey admin, PublicKey mint, PublicKey treasuryTokenAccount, ushort feeBasisPoints) =>
        new(ProgramId,
            [AccountMeta.Writable(admin, isSigner: true), AccountMeta.Writable(FindConfig().Address), AccountMeta.ReadOnly(mint), AccountMeta.ReadOnly(treasuryTokenAccount),
             AccountMeta.ReadOnly(ProgramId), AccountMeta.ReadOnly(ProgramDataAddress), AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            new InstructionData().U8((byte)Tag.InitializeConfig).Raw(LittleEndian16(feeBasisPoints)).ToArray());

    /// <summary>Stores the key in its own account (once) and makes it the config's current key in <paramref name="slot"/>; open escrows keep theirs.</summary>
    /// <param name="verifyingKey">α‖β‖γ‖δ‖IC0..IC4 in the alt_bn128 layout (768 bytes).</param>
    /// <param name="slot">The grounding circuit's slot (GroundingCircuit.KeySlot; 0 is the full circuit's). The program refuses slots from <see cref="KeySlots"/> on.</param>
    public TransactionInstruction SetVerifyingKey(PublicKey admin, ReadOnlySpan<byte> verifyingKey, byte slot = 0)
    {
        RequireLength(verifyingKey, VerifyingKeyLength, nameof(verifyingKey));
        return new(ProgramId,
            [AccountMeta.Writable(admin, isSigner: true), AccountMeta.Writable(FindConfig().Address), AccountMeta.Writable(FindVerifyingKey(VerifyingKeyHash(verifyingKey)).Address),
             AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            new InstructionData().U8((byte)Tag.SetVerifyingKey).U8(slot).Raw(verifyingKey).ToArray());
    }

    /// <summary>The operator lets <paramref name="worker"/> attest the escrows opened for it (the operator pays the registration's rent).</summary>
    public TransactionInstruction RegisterWorker(PublicKey operatorKey, PublicKey worker) =>
        new(ProgramId,
            [AccountMeta.Writable(operatorKey, isSigner: true), AccountMeta.Writable(FindWorkerRegistration(operatorKey, worker).Address), AccountMeta.ReadOnly(worker),
             AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            [(byte)Tag.RegisterWorker]);

    /// <summary>The operator withdraws the permission (and takes back the rent).</summary>
    public TransactionInstruction DeregisterWorker(PublicKey operatorKey, PublicKey worker) =>
        new(ProgramId,
            [AccountMeta.Writable(operatorKey, isSigner: true), AccountMeta.Writable(FindWorkerRegistration(operatorKey, worker).Address), AccountMeta.ReadOnly(worker)],
            [(byte)Tag.DeregisterWorker]);

    /// <summary>
    /// OpenEscrow. The vault must exist when it runs: put <see cref="AssociatedTokenProgram.CreateIdempotent"/>
    /// for (escrow, mint) before it in the same transaction (<see cref="OpenEscrowWithVault"/> does).
    /// </summary>
    /// <param name="operatorKey">The node that quoted the request: only workers it registered can attest the escrow.</param>
    /// <param name="sentences">The summary length paid for: the proof must have exactly this many sentences.</param>
    /// <param name="verifyingKeyHash">The key the escrow will settle under (the quoted circuit's): it must be one of the config's current keys.</param>
    public TransactionInstruction OpenEscrow(PublicKey client, PublicKey clientTokenAccount, PublicKey mint, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> docRoot,
        ulong amount, long deadline, PublicKey operatorKey, int sentences, ReadOnlySpan<byte> verifyingKeyHash)
    {
        RequireLength(requestId, 32, nameof(requestId));
        RequireLength(docRoot, 32, nameof(docRoot));
        RequireLength(verifyingKeyHash, 32, nameof(verifyingKeyHash));
        ArgumentOutOfRangeException.ThrowIfNegative(sentences);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sentences, byte.MaxValue);
        var escrow = FindEscrow(requestId).Address;
        var (vault, vaultBump) = FindVault(escrow, mint);
        return new(ProgramId,
            [AccountMeta.Writable(client, isSigner: true), AccountMeta.Writable(escrow), AccountMeta.Writable(vault), AccountMeta.Writable(clientTokenAccount),
             AccountMeta.ReadOnly(mint), AccountMeta.ReadOnly(FindConfig().Address), AccountMeta.ReadOnly(TokenProgram.ProgramId), AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            new InstructionData().U8((byte)Tag.OpenEscrow).Raw(requestId).Raw(docRoot).U64(amount).U64((ulong)deadline).Key(operatorKey).U8((byte)sentences).U8(vaultBump).Raw(verifyingKeyHash).ToArray());
    }

    /// <summary>The vault's creation (idempotent, paid by the client) followed by OpenEscrow.</summary>
    public TransactionInstruction[] OpenEscrowWithVault(PublicKey client, PublicKey clientTokenAccount, PublicKey mint, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> docRoot,
        ulong amount, long deadline, PublicKey operatorKey, int sentences, ReadOnlySpan<byte> verifyingKeyHash) =>
        [AssociatedTokenProgram.CreateIdempotent(client, FindEscrow(requestId).Address, mint),
         OpenEscrow(client, clientTokenAccount, mint, requestId, docRoot, amount, deadline, operatorKey, sentences, verifyingKeyHash)];

    /// <summary>
    /// Attest: the worker's proof settles <paramref name="escrow"/>. Anything beyond the price in the vault
    /// goes back to the client's associated token account, so it must exist (create it idempotently first:
    /// <see cref="AttestWithClientAccount"/>).
    /// </summary>
    /// <param name="summaryChain">hₖ, the summary's hash chain before its count; the program finishes summaryHash with the escrow's count.</param>
    public TransactionInstruction Attest(PublicKey worker, PublicKey workerTokenAccount, PublicKey treasuryTokenAccount, PublicKey mint, EscrowAccount escrow,
        ReadOnlySpan<byte> summaryChain, ReadOnlySpan<byte> proof)
    {
        ArgumentNullException.ThrowIfNull(escrow);
        RequireLength(summaryChain, 32, nameof(summaryChain));
        RequireLength(proof, ProofLength, nameof(proof));
        return new(ProgramId,
            [AccountMeta.Writable(worker, isSigner: true), AccountMeta.Writable(FindEscrow(escrow.RequestId).Address), AccountMeta.Writable(escrow.Vault),
             AccountMeta.Writable(workerTokenAccount), AccountMeta.Writable(treasuryTokenAccount), AccountMeta.Writable(FindAttestation(escrow.RequestId).Address),
             AccountMeta.Writable(escrow.Client), AccountMeta.Writable(AssociatedTokenProgram.GetAssociatedTokenAddress(escrow.Client, mint)),
             AccountMeta.ReadOnly(escrow.Config), AccountMeta.ReadOnly(FindVerifyingKey(escrow.VerifyingKeyHash).Address),
             AccountMeta.ReadOnly(FindWorkerRegistration(escrow.Operator, worker).Address), AccountMeta.ReadOnly(mint),
             AccountMeta.ReadOnly(TokenProgram.ProgramId), AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            new InstructionData().U8((byte)Tag.Attest).Raw(summaryChain).Raw(proof).ToArray());
    }

    /// <summary>The client's token account made sure of (idempotent, paid by the worker), then Attest.</summary>
    public TransactionInstruction[] AttestWithClientAccount(PublicKey worker, PublicKey workerTokenAccount, PublicKey treasuryTokenAccount, PublicKey mint, EscrowAccount escrow,
        ReadOnlySpan<byte> summaryChain, ReadOnlySpan<byte> proof)
    {
        ArgumentNullException.ThrowIfNull(escrow);
        return [AssociatedTokenProgram.CreateIdempotent(worker, escrow.Client, mint), Attest(worker, workerTokenAccount, treasuryTokenAccount, mint, escrow, summaryChain, proof)];
    }

    /// <summary>An attestation of a summary paid outside escrow (x402 `exact`): the same proof check under one of the config's current keys (the proving circuit's), no money moved.</summary>
    public TransactionInstruction AttestDirect(PublicKey worker, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> docRoot, ReadOnlySpan<byte> verifyingKeyHash,
        ReadOnlySpan<byte> summaryChain, int sentences, ReadOnlySpan<byte> proof)
    {
        RequireLength(requestId, 32, nameof(requestId));
        RequireLength(docRoot, 32, nameof(docRoot));
        RequireLength(verifyingKeyHash, 32, nameof(verifyingKeyHash));
        RequireLength(summaryChain, 32, nameof(summaryChain));
        RequireLength(proof, ProofLength, nameof(proof));
        ArgumentOutOfRangeException.ThrowIfNegative(sentences);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sentences, byte.MaxValue);
        return new(ProgramId,
            [AccountMeta.Writable(worker, isSigner: true), AccountMeta.Writable(FindDirectAttestation(worker, requestId).Address), AccountMeta.ReadOnly(FindConfig().Address),
             AccountMeta.ReadOnly(FindVerifyingKey(verifyingKeyHash).Address), AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            new InstructionData().U8((byte)Tag.AttestDirect).Raw(requestId).Raw(docRoot).Raw(summaryChain).U8((byte)sentences).Raw(proof).ToArray());
    }

    public TransactionInstruction Refund(PublicKey client, PublicKey clientTokenAccount, PublicKey mint, ReadOnlySpan<byte> requestId)
    {
        RequireLength(requestId, 32, nameof(requestId));
        var escrow = FindEscrow(requestId).Address;
        return new(ProgramId,
            [AccountMeta.Writable(client, isSigner: true), AccountMeta.Writable(escrow), AccountMeta.Writable(FindVault(escrow, mint).Address),
             AccountMeta.Writable(clientTokenAccount), AccountMeta.ReadOnly(mint), AccountMeta.ReadOnly(TokenProgram.ProgramId)],
            [(byte)Tag.Refund]);
    }

    /// <summary>Reads an OpenEscrow instruction of this program (false for anything else, or when the client did not sign).</summary>
    public bool TryDecodeOpenEscrow(TransactionInstruction instruction, out OpenEscrowInstruction open)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        open = null!;
        var data = instruction.Data;
        if (instruction.ProgramId != ProgramId || data.Length != OpenEscrowLength || data[0] != (byte)Tag.OpenEscrow || instruction.Accounts.Count < 8) return false;
        var a = instruction.Accounts;
        open = new OpenEscrowInstruction(a[0].PublicKey, a[1].PublicKey, a[2].PublicKey, a[3].PublicKey, a[4].PublicKey, a[5].PublicKey,
            data[1..33], data[33..65], BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(65)), BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(73)),
            new PublicKey(data.AsSpan(81, 32).ToArray()), data[113], data[115..147]);
        return a[0].IsSigner;
    }

    /// <exception cref="FormatException">Not a config account.</exception>
    public static EscrowConfig DecodeConfig(ReadOnlySpan<byte> data)
    {
        RequireKind(data, ConfigSize, Kind.Config);
        var keys = new byte[KeySlots][];
        for (var slot = 0; slot < KeySlots; slot++) keys[slot] = data.Slice(ConfigKeysOffset + 32 * slot, 32).ToArray();
        return new EscrowConfig(data[1], BinaryPrimitives.ReadUInt16LittleEndian(data[2..]), Key(data, 8), Key(data, 40), Key(data, 72), keys);
    }

    /// <exception cref="FormatException">Not a verifying key account.</exception>
    public static VerifyingKeyAccount DecodeVerifyingKey(ReadOnlySpan<byte> data)
    {
        RequireKind(data, VerifyingKeySize, Kind.VerifyingKey);
        return new VerifyingKeyAccount(data[1], data.Slice(8, 32).ToArray(), data.Slice(40, VerifyingKeyLength).ToArray());
    }

    /// <exception cref="FormatException">Not a worker registration.</exception>
    public static WorkerRegistration DecodeWorkerRegistration(ReadOnlySpan<byte> data)
    {
        RequireKind(data, WorkerSize, Kind.Worker);
        return new WorkerRegistration(data[1], Key(data, 8), Key(data, 40));
    }

    /// <exception cref="FormatException">Not an escrow account.</exception>
    public static EscrowAccount DecodeEscrow(ReadOnlySpan<byte> data)
    {
        RequireKind(data, EscrowSize, Kind.Escrow);
        return new EscrowAccount(data[1], data[2], data[3], data[4], BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), Key(data, 8), data.Slice(40, 32).ToArray(),
            data.Slice(72, 32).ToArray(), BinaryPrimitives.ReadUInt64LittleEndian(data[104..]), BinaryPrimitives.ReadInt64LittleEndian(data[112..]), Key(data, 120), Key(data, 152),
            data.Slice(184, 32).ToArray(), Key(data, 216));
    }

    /// <exception cref="FormatException">Not an attestation account.</exception>
    public static AttestationAccount DecodeAttestation(ReadOnlySpan<byte> data)
    {
        RequireKind(data, AttestationSize, Kind.Attestation);
        var escrowed = data[3] == 1;
        return new AttestationAccount(data[1], data[2], escrowed, data.Slice(8, 32).ToArray(), data.Slice(40, 32).ToArray(), data.Slice(72, 32).ToArray(), Key(data, 104),
            BinaryPrimitives.ReadUInt64LittleEndian(data[136..]), BinaryPrimitives.ReadUInt64LittleEndian(data[144..]), BinaryPrimitives.ReadUInt64LittleEndian(data[152..]),
            data.Slice(160, 32).ToArray(), escrowed ? Key(data, 192) : null, escrowed ? Key(data, 224) : null);
    }

    /// <summary>The error name for a custom program error code, if it is one of ours.</summary>
    public static EscrowError? ErrorFromCode(uint code) => Enum.IsDefined(typeof(EscrowError), (int)code) ? (EscrowError)code : null;

    /// <summary>Our error in a transaction error such as {"InstructionError":[1,{"Custom":266}]}, if there is one.</summary>
    public static EscrowError? ErrorFromTransactionError(string? transactionError)
    {
        var match = transactionError is null ? null : System.Text.RegularExpressions.Regex.Match(transactionError, "\"Custom\":(\\d+)");
        return match is { Success: true } && uint.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var code) ? ErrorFromCode(code) : null;
    }

    private (PublicKey Address, byte Bump) Find(string prefix, params byte[][] seeds) =>
        PublicKey.FindProgramAddress([Encoding.ASCII.GetBytes(prefix), .. seeds], ProgramId);

    private static PublicKey Key(ReadOnlySpan<byte> data, int offset) => new(data.Slice(offset, 32).ToArray());

    private static byte[] LittleEndian16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    private static void RequireLength(ReadOnlySpan<byte> value, int length, string name)
    {
        if (value.Length != length) throw new ArgumentException($"{name} is {length} bytes, not {value.Length}.", name);
    }

    private static void RequireKind(ReadOnlySpan<byte> data, int size, Kind kind)
    {
        if (data.Length != size || data[0] != (byte)kind)
        {
            throw new FormatException($"The account is not an escrow-program {kind.ToString().ToLowerInvariant()} ({data.Length} bytes, kind {(data.Length > 0 ? data[0] : -1)}).");
        }
    }
}
