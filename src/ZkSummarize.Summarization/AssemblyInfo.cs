namespace ZkSummarize.Summarization;
