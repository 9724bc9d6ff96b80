using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>The Associated Token Account program: each owner's canonical token account for a mint.</summary>
public static class AssociatedTokenProgram
{
    public static readonly PublicKey ProgramId = PublicKey.Parse("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");

    private const byte CreateIdempotentTag = 1;

    /// <summary>The associated token address: PDA of [owner, token program, mint].</summary>
    public static PublicKey GetAssociatedTokenAddress(PublicKey owner, PublicKey mint, PublicKey? tokenProgramId = null) =>
        PublicKey.FindProgramAddress([owner.ToBytes(), (tokenProgramId ?? TokenProgram.ProgramId).ToBytes(), mint.ToBytes()], ProgramId).Address;

    /// <summary>Creates the owner's associated token account unless it already exists.</summary>
    public static TransactionInstruction CreateIdempotent(PublicKey payer, PublicKey owner, PublicKey mint, PublicKey? tokenProgramId = null)
    {
        var tokenProgram = tokenProgramId ?? TokenProgram.ProgramId;
        return new TransactionInstruction(ProgramId,
            [
                AccountMeta.Writable(payer, isSigner: true),
                AccountMeta.Writable(GetAssociatedTokenAddress(owner, mint, tokenProgram)),
                AccountMeta.ReadOnly(owner),
                AccountMeta.ReadOnly(mint),
                AccountMeta.ReadOnly(SystemProgram.ProgramId),
                AccountMeta.ReadOnly(tokenProgram),
            ],
            [CreateIdempotentTag]);
    }
}
