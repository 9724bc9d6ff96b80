namespace ZkSummarize.Summarization.Tests;
