using System.Buffers.Binary;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>
/// Solana's upgradeable BPF loader (loader v3): how programs are deployed on real clusters. A program's bytes
/// are written in chunks into a buffer account, then DeployWithMaxDataLen moves them into the program's
/// ProgramData account (which names the upgrade authority), and Upgrade replaces them from another buffer.
/// Instruction data is bincode: a u32 tag, then the fields, little-endian.
/// </summary>
public static class UpgradeableLoader
{
    public static readonly PublicKey ProgramId = PublicKey.Parse("BPFLoaderUpgradeab1e11111111111111111111111");
    public static readonly PublicKey RentSysvar = PublicKey.Parse("SysvarRent111111111111111111111111111111111");
    public static readonly PublicKey ClockSysvar = PublicKey.Parse("SysvarC1ock11111111111111111111111111111111");

    /// <summary>A buffer's header: tag (4) and Option&lt;Pubkey&gt; authority (1 + 32); the program bytes follow.</summary>
    public const int BufferMetadataSize = 37;

    /// <summary>A program account: tag (4) and its ProgramData address (32).</summary>
    public const int ProgramAccountSize = 36;

    /// <summary>A ProgramData header: tag (4), deploy slot (8), Option&lt;Pubkey&gt; upgrade authority (1 + 32); the program bytes follow.</summary>
    public const int ProgramDataMetadataSize = 45;

    private enum Tag : uint { InitializeBuffer = 0, Write = 1, DeployWithMaxDataLen = 2, Upgrade = 3, SetAuthority = 4, Close = 5, SetAuthorityChecked = 7 }

    /// <summary>The ProgramData account of a program: the PDA of the program id under the loader.</summary>
    public static PublicKey FindProgramDataAddress(PublicKey program) => PublicKey.FindProgramAddress([program.ToBytes()], ProgramId).Address;

    /// <summary>
    /// Makes an account created for <see cref="BufferMetadataSize"/> + program length bytes (owned by the
    /// loader) a buffer whose writes <paramref name="authority"/> must sign.
    /// </summary>
    public static TransactionInstruction InitializeBuffer(PublicKey buffer, PublicKey authority) =>
        new(ProgramId, [AccountMeta.Writable(buffer), AccountMeta.ReadOnly(authority)], Data(Tag.InitializeBuffer).ToArray());

    /// <summary>Writes <paramref name="bytes"/> at <paramref name="offset"/> of the program in the buffer (after its header).</summary>
    public static TransactionInstruction Write(PublicKey buffer, PublicKey authority, uint offset, ReadOnlySpan<byte> bytes) =>
        new(ProgramId, [AccountMeta.Writable(buffer), AccountMeta.ReadOnly(authority, isSigner: true)],
            Data(Tag.Write).U32(offset).U64((ulong)bytes.Length).Raw(bytes).ToArray());

    /// <summary>
    /// Deploys the buffer's program at <paramref name="program"/> (an account created in the same transaction
    /// with <see cref="ProgramAccountSize"/> bytes, owned by the loader) with room for upgrades up to
    /// <paramref name="maxDataLength"/> bytes. The buffer's authority signs and becomes the upgrade authority;
    /// the payer funds ProgramData and receives the buffer's lamports.
    /// </summary>
    public static TransactionInstruction DeployWithMaxDataLen(PublicKey payer, PublicKey program, PublicKey buffer, PublicKey authority, ulong maxDataLength) =>
        new(ProgramId,
        [
            AccountMeta.Writable(payer, isSigner: true), AccountMeta.Writable(FindProgramDataAddress(program)), AccountMeta.Writable(program), AccountMeta.Writable(buffer),
            AccountMeta.ReadOnly(RentSysvar), AccountMeta.ReadOnly(ClockSysvar), AccountMeta.ReadOnly(SystemProgram.ProgramId), AccountMeta.ReadOnly(authority, isSigner: true),
        ],
        Data(Tag.DeployWithMaxDataLen).U64(maxDataLength).ToArray());

    /// <summary>Replaces the program's bytes with the buffer's; the buffer's and ProgramData's spare lamports go to <paramref name="spill"/>.</summary>
    public static TransactionInstruction Upgrade(PublicKey program, PublicKey buffer, PublicKey spill, PublicKey authority) =>
        new(ProgramId,
        [
            AccountMeta.Writable(FindProgramDataAddress(program)), AccountMeta.Writable(program), AccountMeta.Writable(buffer), AccountMeta.Writable(spill),
            AccountMeta.ReadOnly(RentSysvar), AccountMeta.ReadOnly(ClockSysvar), AccountMeta.ReadOnly(authority, isSigner: true),
        ],
        Data(Tag.Upgrade).ToArray());

    /// <summary>
    /// Hands a buffer's or a ProgramData's authority to <paramref name="newAuthority"/>; null makes a program
    /// immutable for good (a buffer must keep an authority).
    /// </summary>
    public static TransactionInstruction SetAuthority(PublicKey bufferOrProgramData, PublicKey currentAuthority, PublicKey? newAuthority)
    {
        List<AccountMeta> accounts = [AccountMeta.Writable(bufferOrProgramData), AccountMeta.ReadOnly(currentAuthority, isSigner: true)];
        if (newAuthority is { } next) accounts.Add(AccountMeta.ReadOnly(next));
        return new(ProgramId, accounts, Data(Tag.SetAuthority).ToArray());
    }

    /// <summary>Like <see cref="SetAuthority"/>, but the new authority signs too, so a typo cannot lock the program.</summary>
    public static TransactionInstruction SetAuthorityChecked(PublicKey bufferOrProgramData, PublicKey currentAuthority, PublicKey newAuthority) =>
        new(ProgramId, [AccountMeta.Writable(bufferOrProgramData), AccountMeta.ReadOnly(currentAuthority, isSigner: true), AccountMeta.ReadOnly(newAuthority, isSigner: true)],
            Data(Tag.SetAuthorityChecked).ToArray());

    /// <summary>Closes a buffer (e.g. one left by an abandoned deploy) and returns its lamports to <paramref name="recipient"/>.</summary>
    public static TransactionInstruction CloseBuffer(PublicKey buffer, PublicKey recipient, PublicKey authority) =>
        new(ProgramId, [AccountMeta.Writable(buffer), AccountMeta.Writable(recipient), AccountMeta.ReadOnly(authority, isSigner: true)], Data(Tag.Close).ToArray());

    private static InstructionData Data(Tag tag) => new InstructionData().U32((uint)tag);
}

/// <summary>What the upgradeable loader keeps in one of its accounts (bincode enum UpgradeableLoaderState).</summary>
public abstract record UpgradeableLoaderState
{
    /// <summary>A buffer: who may write it, and the program bytes written so far (the whole account after the header).</summary>
    public sealed record Buffer(PublicKey? Authority, ReadOnlyMemory<byte> Bytes) : UpgradeableLoaderState;

    /// <summary>A program account: where its bytes live.</summary>
    public sealed record Program(PublicKey ProgramDataAddress) : UpgradeableLoaderState;

    /// <summary>A program's bytes (with any room left for upgrades, zero-filled), the slot of their last deploy, and who may upgrade them (null: immutable).</summary>
    public sealed record ProgramData(ulong Slot, PublicKey? UpgradeAuthority, ReadOnlyMemory<byte> Bytes) : UpgradeableLoaderState;

    /// <summary>Created for the loader but not initialised.</summary>
    public sealed record Uninitialized : UpgradeableLoaderState;

    /// <exception cref="FormatException">The data is not a loader v3 account.</exception>
    public static UpgradeableLoaderState Decode(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        if (span.Length < 4) throw new FormatException($"A loader v3 account has at least 4 bytes, got {span.Length}.");
        return BinaryPrimitives.ReadUInt32LittleEndian(span) switch
        {
            0 => new Uninitialized(),
            1 when span.Length >= UpgradeableLoader.BufferMetadataSize => new Buffer(OptionalKey(span[4..]), data[UpgradeableLoader.BufferMetadataSize..]),
            2 when span.Length >= UpgradeableLoader.ProgramAccountSize => new Program(new PublicKey(span.Slice(4, PublicKey.Length))),
            3 when span.Length >= UpgradeableLoader.ProgramDataMetadataSize => new ProgramData(BinaryPrimitives.ReadUInt64LittleEndian(span[4..]), OptionalKey(span[12..]),
                data[UpgradeableLoader.ProgramDataMetadataSize..]),
            var tag => throw new FormatException($"Not a loader v3 account: tag {tag} with {span.Length} bytes."),
        };
    }

    // bincode's Option<Pubkey>: a 0 tag, or a 1 tag and the key. The 32 bytes are there either way in these accounts.
    private static PublicKey? OptionalKey(ReadOnlySpan<byte> span) => span[0] switch
    {
        0 => null,
        1 => new PublicKey(span.Slice(1, PublicKey.Length)),
        var tag => throw new FormatException($"Bad Option tag {tag} in a loader v3 account."),
    };
}
