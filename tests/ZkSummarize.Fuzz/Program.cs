using ZkSummarize.Fuzz;

// dotnet ZkSummarize.Fuzz.dll TARGET          run under afl-fuzz (scripts/fuzz.sh), one process, many inputs
// dotnet ZkSummarize.Fuzz.dll TARGET FILE...  run the target on files (a crash AFL++ saved, to see its stack trace),
//                                             with the normal build: instrumented code runs only under afl-fuzz
if (args.Length == 0)
{
    Console.Error.WriteLine($"Usage: ZkSummarize.Fuzz TARGET [FILE...]. Targets:\n{string.Join("\n", FuzzTargets.All.Select(t => $"  {t.Name,-20} {t.Decodes}"))}");
    return 2;
}
if (args.Length > 1)
{
    var target = FuzzTargets.Named(args[0]);
    foreach (var file in args.Skip(1))
    {
        target.Run(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: no crash");
    }
    return 0;
}
// Nothing of ours runs before Run: instrumented code needs the shared memory that Run sets up.
SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Named(args[0]).Run(buffer.ToArray());
});
return 0;
