using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>The System program: lamport transfers and account creation.</summary>
public static class SystemProgram
{
    public static readonly PublicKey ProgramId = PublicKey.Default;

    private const uint CreateAccountIndex = 0;
    private const uint TransferIndex = 2;

    /// <summary>Moves lamports from a signing account to another.</summary>
    public static TransactionInstruction Transfer(PublicKey from, PublicKey to, ulong lamports) =>
        new(ProgramId, [AccountMeta.Writable(from, isSigner: true), AccountMeta.Writable(to)],
            new InstructionData().U32(TransferIndex).U64(lamports).ToArray());

    /// <summary>Creates an account of <paramref name="space"/> bytes owned by <paramref name="owner"/>; both payer and new account sign.</summary>
    public static TransactionInstruction CreateAccount(PublicKey payer, PublicKey newAccount, ulong lamports, ulong space, PublicKey owner) =>
        new(ProgramId, [AccountMeta.Writable(payer, isSigner: true), AccountMeta.Writable(newAccount, isSigner: true)],
            new InstructionData().U32(CreateAccountIndex).U64(lamports).U64(space).Key(owner).ToArray());
}
