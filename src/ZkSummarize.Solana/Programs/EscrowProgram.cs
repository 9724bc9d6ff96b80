using System.Buffers.Binary;
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
}

/// <summary>A decoded OpenEscrow instruction: who locks how much, for which request and document, until when, into which accounts.</summary>
public sealed record OpenEscrowInstruction(PublicKey Client, PublicKey Escrow, PublicKey Vault, PublicKey ClientTokenAccount, PublicKey Mint, PublicKey Config,
    byte[] RequestId, byte[] DocRoot, ulong Amount, long Deadline);

/// <summary>The program's configuration: admin, USDC mint, treasury token account, fee and verifying key.</summary>
public sealed record EscrowConfig(byte Bump, ushort FeeBasisPoints, bool VerifyingKeySet, PublicKey Admin, PublicKey Mint, PublicKey Treasury, byte[] VerifyingKey);

/// <summary>An open escrow: who paid, for which request and document, how much, until when.</summary>
public sealed record EscrowAccount(byte Bump, byte State, byte VaultBump, PublicKey Client, byte[] RequestId, byte[] DocRoot, ulong Amount, long Deadline);

/// <summary>The on-chain record of a proven summary and what was paid for it.</summary>
public sealed record AttestationAccount(byte Bump, byte[] RequestId, byte[] DocRoot, byte[] SummaryHash, PublicKey Worker, ulong Slot, ulong PaidToWorker, ulong PaidFee);

/// <summary>
/// Instruction builders, addresses and account decoders of the ZkSummarize escrow and attestation
/// program (src/onchain; docs/onchain.md). The program id is the deployment's.
/// </summary>
public sealed class EscrowProgram(PublicKey programId)
{
    public const int VerifyingKeyLength = 768;
    public const int ProofLength = 256;
    public const int ConfigSize = 104 + VerifyingKeyLength, EscrowSize = 120, AttestationSize = 160;

    public PublicKey ProgramId { get; } = programId;

    public (PublicKey Address, byte Bump) FindConfig() => PublicKey.FindProgramAddress([Encoding.ASCII.GetBytes("config")], ProgramId);

    public (PublicKey Address, byte Bump) FindEscrow(ReadOnlySpan<byte> requestId) => PublicKey.FindProgramAddress([Encoding.ASCII.GetBytes("escrow"), requestId.ToArray()], ProgramId);

    public (PublicKey Address, byte Bump) FindAttestation(ReadOnlySpan<byte> requestId) => PublicKey.FindProgramAddress([Encoding.ASCII.GetBytes("attest"), requestId.ToArray()], ProgramId);

    /// <summary>The vault: the escrow's associated token account for the mint, and its bump.</summary>
    public static (PublicKey Address, byte Bump) FindVault(PublicKey escrow, PublicKey mint) =>
        PublicKey.FindProgramAddress([escrow.ToBytes(), TokenProgram.ProgramId.ToBytes(), mint.ToBytes()], AssociatedTokenProgram.ProgramId);

    public TransactionInstruction InitializeConfig(PublicKey admin, PublicKey mint, PublicKey treasuryTokenAccount, ushort feeBasisPoints)
    {
        var (config, bump) = FindConfig();
        return new(ProgramId,
            [AccountMeta.Writable(admin, isSigner: true), AccountMeta.Writable(config), AccountMeta.ReadOnly(mint), AccountMeta.ReadOnly(treasuryTokenAccount), AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            new InstructionData().U8(0).U8(bump).Raw(LittleEndian16(feeBasisPoints)).ToArray());
    }

    /// <param name="verifyingKey">α‖β‖γ‖δ‖IC0..IC4 in the alt_bn128 layout (768 bytes).</param>
    public TransactionInstruction SetVerifyingKey(PublicKey admin, ReadOnlySpan<byte> verifyingKey)
    {
        if (verifyingKey.Length != VerifyingKeyLength) throw new ArgumentException($"A verifying key is {VerifyingKeyLength} bytes.", nameof(verifyingKey));
        return new(ProgramId, [AccountMeta.ReadOnly(admin, isSigner: true), AccountMeta.Writable(FindConfig().Address)],
            new InstructionData().U8(1).Raw(verifyingKey).ToArray());
    }

    /// <summary>
    /// OpenEscrow. The vault must exist when it runs: put <see cref="AssociatedTokenProgram.CreateIdempotent"/>
    /// for (escrow, mint) before it in the same transaction (<see cref="OpenEscrowWithVault"/> does).
    /// </summary>
    public TransactionInstruction OpenEscrow(PublicKey client, PublicKey clientTokenAccount, PublicKey mint, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> docRoot, ulong amount, long deadline)
    {
        RequireLength(requestId, 32, nameof(requestId));
        RequireLength(docRoot, 32, nameof(docRoot));
        var (escrow, escrowBump) = FindEscrow(requestId);
        var (vault, vaultBump) = FindVault(escrow, mint);
        return new(ProgramId,
            [AccountMeta.Writable(client, isSigner: true), AccountMeta.Writable(escrow), AccountMeta.Writable(vault), AccountMeta.Writable(clientTokenAccount),
             AccountMeta.ReadOnly(mint), AccountMeta.ReadOnly(FindConfig().Address), AccountMeta.ReadOnly(TokenProgram.ProgramId), AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            new InstructionData().U8(2).Raw(requestId).Raw(docRoot).U64(amount).U64((ulong)deadline).U8(escrowBump).U8(vaultBump).ToArray());
    }

    /// <summary>The vault's creation (idempotent, paid by the client) followed by OpenEscrow.</summary>
    public TransactionInstruction[] OpenEscrowWithVault(PublicKey client, PublicKey clientTokenAccount, PublicKey mint, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> docRoot, ulong amount, long deadline) =>
        [AssociatedTokenProgram.CreateIdempotent(client, FindEscrow(requestId).Address, mint), OpenEscrow(client, clientTokenAccount, mint, requestId, docRoot, amount, deadline)];

    public TransactionInstruction Attest(PublicKey worker, PublicKey workerTokenAccount, PublicKey treasuryTokenAccount, PublicKey client, PublicKey mint,
        ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> summaryHash, ReadOnlySpan<byte> proof)
    {
        RequireLength(requestId, 32, nameof(requestId));
        RequireLength(summaryHash, 32, nameof(summaryHash));
        RequireLength(proof, ProofLength, nameof(proof));
        var escrow = FindEscrow(requestId).Address;
        var (attestation, attestationBump) = FindAttestation(requestId);
        return new(ProgramId,
            [AccountMeta.Writable(worker, isSigner: true), AccountMeta.Writable(escrow), AccountMeta.Writable(FindVault(escrow, mint).Address), AccountMeta.Writable(workerTokenAccount),
             AccountMeta.Writable(treasuryTokenAccount), AccountMeta.Writable(attestation), AccountMeta.Writable(client), AccountMeta.ReadOnly(FindConfig().Address),
             AccountMeta.ReadOnly(mint), AccountMeta.ReadOnly(TokenProgram.ProgramId), AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            new InstructionData().U8(3).Raw(summaryHash).Raw(proof).U8(attestationBump).ToArray());
    }

    /// <summary>An attestation of a summary paid outside escrow (x402 `exact`): the same proof check, no money moved.</summary>
    public TransactionInstruction AttestDirect(PublicKey worker, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> docRoot, ReadOnlySpan<byte> summaryHash, ReadOnlySpan<byte> proof)
    {
        RequireLength(requestId, 32, nameof(requestId));
        RequireLength(docRoot, 32, nameof(docRoot));
        RequireLength(summaryHash, 32, nameof(summaryHash));
        RequireLength(proof, ProofLength, nameof(proof));
        var (attestation, attestationBump) = FindAttestation(requestId);
        return new(ProgramId,
            [AccountMeta.Writable(worker, isSigner: true), AccountMeta.Writable(attestation), AccountMeta.ReadOnly(FindConfig().Address), AccountMeta.ReadOnly(SystemProgram.ProgramId)],
            new InstructionData().U8(5).Raw(requestId).Raw(docRoot).Raw(summaryHash).Raw(proof).U8(attestationBump).ToArray());
    }

    public TransactionInstruction Refund(PublicKey client, PublicKey clientTokenAccount, PublicKey mint, ReadOnlySpan<byte> requestId)
    {
        RequireLength(requestId, 32, nameof(requestId));
        var escrow = FindEscrow(requestId).Address;
        return new(ProgramId,
            [AccountMeta.Writable(client, isSigner: true), AccountMeta.Writable(escrow), AccountMeta.Writable(FindVault(escrow, mint).Address),
             AccountMeta.Writable(clientTokenAccount), AccountMeta.ReadOnly(mint), AccountMeta.ReadOnly(TokenProgram.ProgramId)],
            [4]);
    }

    /// <summary>Reads an OpenEscrow instruction of this program (false for anything else).</summary>
    public bool TryDecodeOpenEscrow(TransactionInstruction instruction, out OpenEscrowInstruction open)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        open = null!;
        var data = instruction.Data;
        if (instruction.ProgramId != ProgramId || data.Length != 83 || data[0] != 2 || instruction.Accounts.Count < 8) return false;
        var a = instruction.Accounts;
        open = new OpenEscrowInstruction(a[0].PublicKey, a[1].PublicKey, a[2].PublicKey, a[3].PublicKey, a[4].PublicKey, a[5].PublicKey,
            data[1..33], data[33..65], BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(65)), BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(73)));
        return a[0].IsSigner;
    }

    /// <exception cref="FormatException">Not a config account.</exception>
    public static EscrowConfig DecodeConfig(ReadOnlySpan<byte> data)
    {
        RequireKind(data, ConfigSize, 1, "config");
        return new EscrowConfig(data[1], BinaryPrimitives.ReadUInt16LittleEndian(data[2..]), data[4] == 1, new PublicKey(data.Slice(8, 32).ToArray()),
            new PublicKey(data.Slice(40, 32).ToArray()), new PublicKey(data.Slice(72, 32).ToArray()), data.Slice(104, VerifyingKeyLength).ToArray());
    }

    /// <exception cref="FormatException">Not an escrow account.</exception>
    public static EscrowAccount DecodeEscrow(ReadOnlySpan<byte> data)
    {
        RequireKind(data, EscrowSize, 2, "escrow");
        return new EscrowAccount(data[1], data[2], data[3], new PublicKey(data.Slice(8, 32).ToArray()), data.Slice(40, 32).ToArray(), data.Slice(72, 32).ToArray(),
            BinaryPrimitives.ReadUInt64LittleEndian(data[104..]), BinaryPrimitives.ReadInt64LittleEndian(data[112..]));
    }

    /// <exception cref="FormatException">Not an attestation account.</exception>
    public static AttestationAccount DecodeAttestation(ReadOnlySpan<byte> data)
    {
        RequireKind(data, AttestationSize, 3, "attestation");
        return new AttestationAccount(data[1], data.Slice(8, 32).ToArray(), data.Slice(40, 32).ToArray(), data.Slice(72, 32).ToArray(), new PublicKey(data.Slice(104, 32).ToArray()),
            BinaryPrimitives.ReadUInt64LittleEndian(data[136..]), BinaryPrimitives.ReadUInt64LittleEndian(data[144..]), BinaryPrimitives.ReadUInt64LittleEndian(data[152..]));
    }

    /// <summary>The error name for a custom program error code, if it is one of ours.</summary>
    public static EscrowError? ErrorFromCode(uint code) => Enum.IsDefined(typeof(EscrowError), (int)code) ? (EscrowError)code : null;

    /// <summary>Our error in a transaction error such as {"InstructionError":[1,{"Custom":266}]}, if there is one.</summary>
    public static EscrowError? ErrorFromTransactionError(string? transactionError)
    {
        var match = transactionError is null ? null : System.Text.RegularExpressions.Regex.Match(transactionError, "\"Custom\":(\\d+)");
        return match is { Success: true } && uint.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var code) ? ErrorFromCode(code) : null;
    }

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

    private static void RequireKind(ReadOnlySpan<byte> data, int size, byte kind, string what)
    {
        if (data.Length != size || data[0] != kind) throw new FormatException($"The account is not an escrow-program {what} ({data.Length} bytes, kind {(data.Length > 0 ? data[0] : -1)}).");
    }
}
