using System.Diagnostics;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Benchmarks;

/// <summary>
/// `warm-prove circuit.zkey witness.wtns [warm-ups runs]`: our prover warm, measured exactly like its two
/// peers (tests/js/crypto/bench-prove.mjs for snarkjs, rapidsnark/warm_prove.cpp for rapidsnark): warm-up
/// proofs (2 unless given), then the mean of the runs (5 unless given), once with the key in memory (a worker node) and once read from its
/// file as the proof goes (`zks groth16 prove`), so the streamed reader's cost shows beside the other.
/// </summary>
internal static class WarmProve
{
    public static void Run(string zkeyPath, string wtnsPath, int warmUps = 2, int runs = 5)
    {
        var witness = SnarkjsBinary.ReadWitness(File.ReadAllBytes(wtnsPath));
        var key = SnarkjsBinary.ReadZkey(File.ReadAllBytes(zkeyPath));
        Measure("ours warm, key in memory (ProvingKey)", key, witness, warmUps, runs);
        using var streamed = SnarkjsBinary.OpenZkey(zkeyPath);
        Measure("ours warm, key read from its file per proof (StreamedZkey)", streamed, witness, warmUps, runs);
    }

    private static void Measure(string what, IProverKey key, Crypto.Bn254.Fr[] witness, int warmUps, int runs)
    {
        for (var i = 0; i < warmUps; i++) Groth16Prover.Prove(key, witness);
        var seconds = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            Groth16Prover.Prove(key, witness);
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        Console.WriteLine($"{what}: {string.Join(' ', seconds.Select(s => s.ToString("F3")))} s; mean {seconds.Average():F3} s");
    }
}
