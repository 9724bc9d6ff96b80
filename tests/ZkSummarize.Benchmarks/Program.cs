using BenchmarkDotNet.Running;
using ZkSummarize.Benchmarks;

if (args is ["warm-prove", var zkey, var wtns]) WarmProve.Run(zkey, wtns);
else if (args is ["warm-prove", var zkey2, var wtns2, var warmUps, var runs]) WarmProve.Run(zkey2, wtns2, int.Parse(warmUps), int.Parse(runs));
else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
