namespace ZkSummarize.Testing;
