using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>The G1 queries of a Groth16 proving key that the prover multiplies by scalars.</summary>
public enum G1Query
{
    /// <summary>Aᵢ(τ) per signal.</summary>
    A,

    /// <summary>Bᵢ(τ) in G1 per signal.</summary>
    B1,

    /// <summary>One point per private signal.</summary>
    C,

    /// <summary>One point per evaluation on the odd coset of the domain.</summary>
    H,
}

/// <summary>
/// What <see cref="Groth16Prover"/> reads from a proving key. A key held in memory (a worker node's,
/// loaded once) and a .zkey read from its file as the proof goes (the CLI's: every part is needed once,
/// so nothing is kept) both serve it.
/// </summary>
public interface IProverKey
{
    int VariableCount { get; }

    int PublicInputCount { get; }

    int DomainSize { get; }

    JacobianPoint<Fq> Alpha1 { get; }

    JacobianPoint<Fq> Beta1 { get; }

    JacobianPoint<Fq2> Beta2 { get; }

    JacobianPoint<Fq> Delta1 { get; }

    JacobianPoint<Fq2> Delta2 { get; }

    /// <summary>A and B at the domain points: for every QAP coefficient, a[row] (matrix 0) or b[row] (matrix 1) += value·witness[signal].</summary>
    void EvaluateQap(ReadOnlySpan<Fr> witness, Span<Fr> a, Span<Fr> b);

    /// <summary>Σ scalarsᵢ·Pᵢ over one of the G1 queries (as many scalars as the query has points).</summary>
    JacobianPoint<Fq> Msm(G1Query query, ReadOnlySpan<Fr> scalars);

    /// <summary>Σ scalarsᵢ·Bᵢ(τ) in G2, one scalar per signal.</summary>
    JacobianPoint<Fq2> MsmB2(ReadOnlySpan<Fr> scalars);
}
