namespace ZkSummarize.Core.Tests;
