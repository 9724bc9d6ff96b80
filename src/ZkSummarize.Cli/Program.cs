using System.CommandLine;
using ZkSummarize.Cli;

var root = new RootCommand("zks: paid, verifiable document summaries on Solana.")
{
    DevChainCommand.Create(),
    DemoCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
