namespace ZkSummarize.Crypto;
