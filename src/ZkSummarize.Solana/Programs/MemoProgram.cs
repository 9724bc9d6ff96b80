using System.Text;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Programs;

/// <summary>The SPL Memo program (v2): UTF-8 text in the transaction, optionally checked against signers.</summary>
public static class MemoProgram
{
    /// <summary>Memo v3, the one deployed on every cluster (and in LiteSVM); the default for new memos.</summary>
    public static readonly PublicKey ProgramId = PublicKey.Parse("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");

    /// <summary>Every memo program a client may use: v1, v3 and the newer v4.</summary>
    public static readonly IReadOnlyList<PublicKey> SupportedProgramIds =
    [
        PublicKey.Parse("Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo"),
        ProgramId,
        PublicKey.Parse("Memo4c2pN8afCj432Lb7RMVKi9PbQnnW7ewFFaV3oAH"),
    ];

    /// <summary>True for any memo program.</summary>
    public static bool IsMemoProgram(PublicKey programId) => SupportedProgramIds.Contains(programId);

    /// <summary>A memo; each listed signer must sign the transaction.</summary>
    public static TransactionInstruction Memo(string text, params PublicKey[] signers) =>
        new(ProgramId, signers.Select(s => AccountMeta.ReadOnly(s, isSigner: true)).ToList(), Encoding.UTF8.GetBytes(text));
}
