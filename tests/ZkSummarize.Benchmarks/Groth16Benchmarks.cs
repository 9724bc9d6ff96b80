using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Hashing;

namespace ZkSummarize.Benchmarks;

/// <summary>
/// Groth16 verification (four public inputs, like the grounding circuit; the cost does not depend on
/// the circuit's size) on the snarkjs-made vectors, and one Poseidon(2).
/// Peer: tests/js/crypto/bench-verify.mjs times snarkjs.groth16.verify on the same files.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0)]
public class Groth16Benchmarks
{
    private VerifyingKey _key = null!;
    private Proof _proof = null!;
    private IReadOnlyList<Fr> _inputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Testing.RepoPaths.Combine("tests", "ZkSummarize.Crypto.Tests", "vectors", "groth16");
        _key = SnarkjsJson.ReadVerifyingKey(File.ReadAllText(Path.Combine(dir, "verification_key.json")));
        _proof = SnarkjsJson.ReadProof(File.ReadAllText(Path.Combine(dir, "proof1.json")));
        _inputs = SnarkjsJson.ReadPublicInputs(File.ReadAllText(Path.Combine(dir, "public1.json")));
    }

    [Benchmark(Description = "Groth16 verify (4 public inputs)")]
    public bool Verify() => Groth16Verifier.Verify(_key, _inputs, _proof);

    [Benchmark(Description = "Poseidon(2)")]
    public Fr PoseidonHash() => Poseidon.Hash(Fr.One, Fr.One);
}
