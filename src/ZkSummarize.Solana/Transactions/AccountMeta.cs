namespace ZkSummarize.Solana.Transactions;

/// <summary>An account an instruction uses, and how: signer and/or writable.</summary>
public readonly record struct AccountMeta(PublicKey PublicKey, bool IsSigner, bool IsWritable)
{
    /// <summary>A writable account.</summary>
    public static AccountMeta Writable(PublicKey key, bool isSigner = false) => new(key, isSigner, true);

    /// <summary>A read-only account.</summary>
    public static AccountMeta ReadOnly(PublicKey key, bool isSigner = false) => new(key, isSigner, false);
}
