namespace ZkSummarize.DevChain;
