namespace ZkSummarize.Solana.Transactions;

/// <summary>One instruction: the program to run, the accounts it touches, and its data.</summary>
public sealed record TransactionInstruction(PublicKey ProgramId, IReadOnlyList<AccountMeta> Accounts, byte[] Data);
