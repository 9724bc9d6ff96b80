using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Testing;

namespace ZkSummarize.Benchmarks;

/// <summary>
/// Proof time per member of the grounding family (circuits/README.md), each under its development key:
/// our prover (warm, key in memory) against the snarkjs CLI (baseline) on the same .zkey and .wtns. The
/// same 4-sentence summary of the CLI's sample document, which every member holds. The files stay in
/// circuits/build/bench/&lt;member&gt;/ for the cold CLI runs (and rapidsnark) in docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessMonitoring))]
public class FamilyProverBenchmarks
{
    /// <summary>
    /// Few, long iterations, in the benchmark's own process: a proof takes seconds, and on the shared machine
    /// BenchmarkDotNet's separate build of the benchmark timed out (2 minutes) before measuring anything.
    /// </summary>
    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
    }

    private ProvingKey _key = null!;
    private Fr[] _witness = null!;
    private string _folder = null!;

    [ParamsSource(nameof(MemberNames))]
    public string Member { get; set; } = null!;

    public static IEnumerable<string> MemberNames => GroundingFamily.Members.Select(m => m.Name);

    [GlobalSetup]
    public void Setup()
    {
        CircuitBuild.EnsureBuiltAsync().GetAwaiter().GetResult();
        var member = GroundingFamily.Find(Member)!;
        var build = Path.Combine(CircuitBuild.Folder, "build");
        _folder = Directory.CreateDirectory(Path.Combine(build, "bench", member.Name)).FullName;
        _key = member.CreateDevelopmentKey(build);
        File.WriteAllBytes(Zkey, SnarkjsBinary.WriteZkey(_key));

        var document = Document.Parse(File.ReadAllText(RepoPaths.Combine("src", "ZkSummarize.Cli", "Samples", "city-transport.txt")));
        var sentences = document.Sentences.Where((_, i) => i % 2 == 0).Take(4).Select(s => s.Text).ToArray();
        var input = GroundingInput.ForSentences(DocumentCommitment.Create(document), sentences, FieldEncoding.NewRequestId(), new byte[32]);
        var inputPath = Path.Combine(_folder, "input.json");
        File.WriteAllText(inputPath, input.ToCircomInput(member).ToJsonString());
        Snarkjs("wtns", "calculate", member.WasmPath(build), inputPath, Witness);
        _witness = SnarkjsBinary.ReadWitness(File.ReadAllBytes(Witness));
    }

    private string Zkey => Path.Combine(_folder, "dev.zkey");

    private string Witness => Path.Combine(_folder, "witness.wtns");

    [Benchmark(Baseline = true, Description = "snarkjs groth16 prove (CLI)")]
    public void SnarkjsProve() => Snarkjs("groth16", "prove", Zkey, Witness, Path.Combine(_folder, "proof.json"), Path.Combine(_folder, "public.json"));

    [Benchmark(Description = "Groth16Prover.Prove (ours)")]
    public Proof Prove() => Groth16Prover.Prove(_key, _witness);

    private static void Snarkjs(params string[] args) =>
        NodeScript.RunCheckedAsync(Path.Combine(CircuitBuild.Folder, "node_modules", "snarkjs", "build", "cli.cjs"), args, TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
}
