namespace ZkSummarize.Solana;
