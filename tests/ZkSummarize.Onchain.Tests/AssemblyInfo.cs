namespace ZkSummarize.Onchain.Tests;
