namespace ZkSummarize.Core;
