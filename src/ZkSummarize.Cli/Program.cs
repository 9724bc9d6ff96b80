using System.CommandLine;
using ZkSummarize.Cli;
using ZkSummarize.Cli.Evaluation;

var root = new RootCommand("zks: paid, verifiable document summaries on Solana.")
{
    DevChainCommand.Create(),
    DemoCommand.Create(),
    EvalSummariesCommand.Create(),
    VerifyCommand.Create(),
    SummarizeCommand.Create(),
    RefundCommand.Create(),
    WorkerCommand.Create(),
    BenchCommand.Create(),
    ClusterCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
