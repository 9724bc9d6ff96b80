namespace ZkSummarize.Crypto.Tests;
