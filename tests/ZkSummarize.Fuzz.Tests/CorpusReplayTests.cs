using System.Diagnostics;
using ZkSummarize.Fuzz;

namespace ZkSummarize.Fuzz.Tests;

/// <summary>
/// CI does not run AFL++ (scripts/fuzz.sh does, by hand): it replays the saved corpus of every target, the
/// crashes found included, and each input must end in the target's documented exceptions or none, quickly,
/// without a huge allocation (docs/testing.md, "Fuzzing").
/// </summary>
public sealed class CorpusReplayTests
{
    private static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(10);
    private const long MaxAllocatedBytes = 256L << 20;

    public static TheoryData<string> Targets => new(FuzzTargets.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_saved_input_ends_in_a_documented_exception_or_none(string name)
    {
        var target = FuzzTargets.Named(name);
        var folder = Path.Combine(AppContext.BaseDirectory, "corpus", name);
        var inputs = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
        Assert.True(inputs.Length > 0, $"The target {name} has no saved corpus in tests/ZkSummarize.Fuzz/corpus/{name}: seed it (docs/testing.md).");
        foreach (var file in inputs)
        {
            var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var run = Task.Run(() => target.Run(bytes), TestContext.Current.CancellationToken);
            var finished = await Task.WhenAny(run, Task.Delay(MaxPerInput, TestContext.Current.CancellationToken)) == run;
            Assert.True(finished, $"{name}: {Path.GetFileName(file)} did not finish in {MaxPerInput.TotalSeconds} s (a hang).");
            var escaped = await Record.ExceptionAsync(() => run);
            Assert.True(escaped is null, $"{name}: {Path.GetFileName(file)} threw an undocumented {escaped?.GetType().Name}: {escaped}");
            var used = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Assert.True(used < MaxAllocatedBytes, $"{name}: {Path.GetFileName(file)} allocated {used >> 20} MiB (at most {MaxAllocatedBytes >> 20}).");
        }
    }
}
