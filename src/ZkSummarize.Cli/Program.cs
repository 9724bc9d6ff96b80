using System.CommandLine;
using ZkSummarize.Cli;
using ZkSummarize.Cli.Evaluation;

var root = new RootCommand("zks: paid, verifiable document summaries on Solana.")
{
    DevChainCommand.Create(),
    DemoCommand.Create(),
    EvalSummariesCommand.Create(),
    TrainSummarizerCommand.Create(),
    VerifyCommand.Create(),
    SummarizeCommand.Create(),
    RefundCommand.Create(),
    WorkerCommand.Create(),
    BenchCommand.Create(),
    ClusterCommand.Create(),
    LocalCommand.Create(),
    Groth16Command.Create(),
    CeremonyCommand.Create(),
    ProgramCommand.Create(),
    NetworkCommand.Create(),
};
// Ctrl+C cancels the command's token; the default gives it 2 s before forcing exit code 130, too little
// for `cluster up` to stop its nodes, chain and PostgreSQL cleanly on a loaded machine.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(1) };
return await root.Parse(args).InvokeAsync(invocation);
