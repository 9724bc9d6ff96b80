using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Testing;

namespace ZkSummarize.Benchmarks;

/// <summary>
/// Groth16 proving of the grounding circuit with the development key: our prover against the snarkjs
/// CLI (the peer, baseline) on the same .zkey and .wtns in the same run, plus the MSMs that dominate
/// our proof. The .zkey and .wtns stay in circuits/build/bench/ for measuring the two CLIs
/// (`zks groth16 prove` and `snarkjs groth16 prove`) under /usr/bin/time (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class ProverBenchmarks
{
    private readonly DirectoryInfo _folder = Directory.CreateDirectory(Path.Combine(CircuitBuild.Folder, "build", "bench"));
    private ProvingKey _key = null!;
    private Fr[] _witness = null!;

    [GlobalSetup]
    public void Setup()
    {
        CircuitBuild.EnsureBuiltAsync().GetAwaiter().GetResult();
        var build = Path.Combine(CircuitBuild.Folder, "build");
        _key = DevelopmentSetup.Create(R1cs.Read(File.ReadAllBytes(Path.Combine(build, "grounding.r1cs"))), GroundingProver.DevelopmentSeed);
        File.WriteAllBytes(Zkey, SnarkjsBinary.WriteZkey(_key));

        // A 4-sentence summary of the CLI's sample document; snarkjs computes the witness both provers use.
        var document = Document.Parse(File.ReadAllText(RepoPaths.Combine("src", "ZkSummarize.Cli", "Samples", "city-transport.txt")));
        var sentences = document.Sentences.Where((_, i) => i % 2 == 0).Take(4).Select(s => s.Text).ToArray();
        var input = GroundingInput.ForSentences(DocumentCommitment.Create(document), sentences, FieldEncoding.NewRequestId(), new byte[32]);
        var inputPath = Path.Combine(_folder.FullName, "input.json");
        File.WriteAllText(inputPath, input.ToCircomInput(GroundingFamily.Full).ToJsonString());
        Snarkjs("wtns", "calculate", Path.Combine(build, "grounding_js", "grounding.wasm"), inputPath, Witness);
        _witness = SnarkjsBinary.ReadWitness(File.ReadAllBytes(Witness));
    }

    private string Zkey => Path.Combine(_folder.FullName, "grounding_dev.zkey");

    private string Witness => Path.Combine(_folder.FullName, "grounding.wtns");

    [Benchmark(Baseline = true, Description = "snarkjs groth16 prove (CLI)")]
    public void SnarkjsProve() => Snarkjs("groth16", "prove", Zkey, Witness, Path.Combine(_folder.FullName, "proof.json"), Path.Combine(_folder.FullName, "public.json"));

    [Benchmark(Description = "Groth16Prover.Prove (ours)")]
    public Proof Prove() => Groth16Prover.Prove(_key, _witness);

    [Benchmark(Description = "MSM G1, the A query")]
    public JacobianPoint<Fq> MsmG1() => Msm.Compute<Fq>(_key.A, _witness);

    [Benchmark(Description = "MSM G2, the B query")]
    public JacobianPoint<Fq2> MsmG2() => Msm.Compute<Fq2>(_key.B2, _witness);

    private static void Snarkjs(params string[] args) =>
        NodeScript.RunCheckedAsync(Path.Combine(CircuitBuild.Folder, "node_modules", "snarkjs", "build", "cli.cjs"), args, TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
}
