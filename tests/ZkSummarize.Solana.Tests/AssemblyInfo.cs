namespace ZkSummarize.Solana.Tests;
