using System.Buffers.Binary;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>
/// SPL Token instructions. The classic program is the default; Token-2022 shares these layouts, so each
/// builder takes the program id as an option.
/// </summary>
public static class TokenProgram
{
    public static readonly PublicKey ProgramId = PublicKey.Parse("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    public static readonly PublicKey Token2022ProgramId = PublicKey.Parse("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");

    /// <summary>Bytes of a mint account.</summary>
    public const int MintSize = 82;

    /// <summary>Bytes of a token account.</summary>
    public const int AccountSize = 165;

    private const byte MintToTag = 7;
    private const byte CloseAccountTag = 9;
    private const byte TransferCheckedTag = 12;
    private const byte InitializeAccount3Tag = 18;
    private const byte InitializeMint2Tag = 20;

    /// <summary>Initializes a mint account (already created with <see cref="MintSize"/> bytes).</summary>
    public static TransactionInstruction InitializeMint2(PublicKey mint, byte decimals, PublicKey mintAuthority, PublicKey? freezeAuthority = null, PublicKey? programId = null) =>
        new(programId ?? ProgramId, [AccountMeta.Writable(mint)],
            new InstructionData().U8(InitializeMint2Tag).U8(decimals).Key(mintAuthority).OptionalKey(freezeAuthority).ToArray());

    /// <summary>Initializes a token account (already created with <see cref="AccountSize"/> bytes) for <paramref name="owner"/>.</summary>
    public static TransactionInstruction InitializeAccount3(PublicKey account, PublicKey mint, PublicKey owner, PublicKey? programId = null) =>
        new(programId ?? ProgramId, [AccountMeta.Writable(account), AccountMeta.ReadOnly(mint)],
            new InstructionData().U8(InitializeAccount3Tag).Key(owner).ToArray());

    /// <summary>Mints <paramref name="amount"/> base units to a token account; the mint authority signs.</summary>
    public static TransactionInstruction MintTo(PublicKey mint, PublicKey destination, PublicKey mintAuthority, ulong amount, PublicKey? programId = null) =>
        new(programId ?? ProgramId, [AccountMeta.Writable(mint), AccountMeta.Writable(destination), AccountMeta.ReadOnly(mintAuthority, isSigner: true)],
            new InstructionData().U8(MintToTag).U64(amount).ToArray());

    /// <summary>Transfers with the mint and decimals checked; the source's owner (or delegate) signs.</summary>
    public static TransactionInstruction TransferChecked(PublicKey source, PublicKey mint, PublicKey destination, PublicKey authority, ulong amount, byte decimals, PublicKey? programId = null) =>
        new(programId ?? ProgramId,
            [AccountMeta.Writable(source), AccountMeta.ReadOnly(mint), AccountMeta.Writable(destination), AccountMeta.ReadOnly(authority, isSigner: true)],
            new InstructionData().U8(TransferCheckedTag).U64(amount).U8(decimals).ToArray());

    /// <summary>Closes an empty token account; its rent goes to <paramref name="destination"/>.</summary>
    public static TransactionInstruction CloseAccount(PublicKey account, PublicKey destination, PublicKey owner, PublicKey? programId = null) =>
        new(programId ?? ProgramId, [AccountMeta.Writable(account), AccountMeta.Writable(destination), AccountMeta.ReadOnly(owner, isSigner: true)],
            [CloseAccountTag]);

    /// <summary>True for the classic Token program and Token-2022.</summary>
    public static bool IsTokenProgram(PublicKey programId) => programId == ProgramId || programId == Token2022ProgramId;

    /// <summary>Reads a TransferChecked instruction (either token program) with its four accounts.</summary>
    public static bool TryDecodeTransferChecked(TransactionInstruction instruction, out TransferCheckedInstruction transfer)
    {
        transfer = default;
        if (!IsTokenProgram(instruction.ProgramId) || instruction.Data.Length != 10 || instruction.Data[0] != TransferCheckedTag
            || instruction.Accounts.Count < 4)
        {
            return false;
        }

        var a = instruction.Accounts;
        transfer = new TransferCheckedInstruction(
            instruction.ProgramId, a[0].PublicKey, a[1].PublicKey, a[2].PublicKey, a[3].PublicKey,
            BinaryPrimitives.ReadUInt64LittleEndian(instruction.Data.AsSpan(1)), instruction.Data[9]);
        return true;
    }
}

/// <summary>A decoded TransferChecked instruction.</summary>
public readonly record struct TransferCheckedInstruction(
    PublicKey ProgramId, PublicKey Source, PublicKey Mint, PublicKey Destination, PublicKey Authority, ulong Amount, byte Decimals);
