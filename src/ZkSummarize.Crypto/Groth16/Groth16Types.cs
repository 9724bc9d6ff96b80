using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>A Groth16 proof: A and C in G1, B in G2.</summary>
public sealed record Proof(JacobianPoint<Fq> A, JacobianPoint<Fq2> B, JacobianPoint<Fq> C);

/// <summary>A Groth16 verifying key: α (G1), β, γ, δ (G2), and one IC point per public input plus one.</summary>
public sealed record VerifyingKey(JacobianPoint<Fq> Alpha, JacobianPoint<Fq2> Beta, JacobianPoint<Fq2> Gamma, JacobianPoint<Fq2> Delta, IReadOnlyList<JacobianPoint<Fq>> IC)
{
    public int PublicInputCount => IC.Count - 1;
}
