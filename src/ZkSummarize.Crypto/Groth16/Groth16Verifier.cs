using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>
/// Groth16 verification: e(−A, B) · e(α, β) · e(L, γ) · e(C, δ) = 1 with L = IC₀ + Σ xᵢ·ICᵢ, after
/// checking that the proof's points are on their curves and B is in G2's subgroup.
/// </summary>
public static class Groth16Verifier
{
    /// <summary>Whether the proof is valid for these public inputs under this key.</summary>
    /// <exception cref="ArgumentException">The number of public inputs does not match the key.</exception>
    public static bool Verify(VerifyingKey key, IReadOnlyList<Fr> publicInputs, Proof proof)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(publicInputs);
        ArgumentNullException.ThrowIfNull(proof);
        if (publicInputs.Count != key.PublicInputCount)
        {
            throw new ArgumentException($"The key expects {key.PublicInputCount} public inputs, not {publicInputs.Count}.", nameof(publicInputs));
        }
        if (!proof.A.IsOnCurve(G1.B) || !proof.C.IsOnCurve(G1.B) || !G2.IsInSubgroup(proof.B)) return false;

        var l = key.IC[0];
        for (var i = 0; i < publicInputs.Count; i++) l = l.Add(key.IC[i + 1].Multiply(publicInputs[i].ToBigInteger()));
        return Pairing.ProductIsOne([(proof.A.Negate(), proof.B), (key.Alpha, key.Beta), (l, key.Gamma), (proof.C, key.Delta)]);
    }
}
