namespace ZkSummarize.SbfLinker.Tests;
