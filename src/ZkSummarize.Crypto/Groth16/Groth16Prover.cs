using System.Security.Cryptography;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>
/// Groth16 proving over a snarkjs proving key, the way snarkjs does it, so that snarkjs verifies our
/// proofs: A and B at the domain points from the QAP coefficients and the witness, C = A·B pointwise;
/// all three moved to the odd coset (ω₂ₙ·ωₙⁱ) by inverse NTT, a shift and a forward NTT; the H
/// multi-scalar multiplication over A·B − C there; and the blinding factors r and s.
/// </summary>
public static class Groth16Prover
{
    /// <exception cref="ArgumentException">The witness does not fit the key.</exception>
    /// <exception cref="FormatException">A key read from its file turned out damaged while proving.</exception>
    public static Proof Prove(IProverKey key, IReadOnlyList<Fr> witness) => Prove(key, witness, RandomScalar(), RandomScalar());

    /// <summary>A proof with the given blinding factors (tests compare provers with fixed ones).</summary>
    internal static Proof Prove(IProverKey key, IReadOnlyList<Fr> witness, Fr r, Fr s)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(witness);
        if (witness.Count != key.VariableCount)
        {
            throw new ArgumentException($"The witness has {witness.Count} values but the key's circuit has {key.VariableCount} signals.", nameof(witness));
        }
        var w = witness as Fr[] ?? witness.ToArray();
        var h = QuotientEvaluations(key, w);

        var a = key.Msm(G1Query.A, w).Add(key.Alpha1).Add(key.Delta1.Multiply(r.ToBigInteger()));
        var b2 = key.MsmB2(w).Add(key.Beta2).Add(key.Delta2.Multiply(s.ToBigInteger()));
        var b1 = key.Msm(G1Query.B1, w).Add(key.Beta1).Add(key.Delta1.Multiply(s.ToBigInteger()));
        var c = key.Msm(G1Query.C, w.AsSpan(key.PublicInputCount + 1))
            .Add(key.Msm(G1Query.H, h))
            .Add(a.Multiply(s.ToBigInteger()))
            .Add(b1.Multiply(r.ToBigInteger()))
            .Add(key.Delta1.Multiply((-(r * s)).ToBigInteger()));
        return new Proof(Normalize(a), Normalize(b2), Normalize(c));
    }

    // (A·B − C) on the odd coset, which the key's H points expect.
    private static Fr[] QuotientEvaluations(IProverKey key, Fr[] witness)
    {
        var n = key.DomainSize;
        var a = new Fr[n];
        var b = new Fr[n];
        key.EvaluateQap(witness, a, b);
        var c = new Fr[n];
        for (var i = 0; i < n; i++) c[i] = a[i] * b[i];

        var shift = Ntt.RootOfUnity(System.Numerics.BitOperations.Log2((uint)n) + 1);
        // The three polynomials are independent: one core each (an NTT itself is sequential here).
        Parallel.ForEach(new[] { a, b, c }, values =>
        {
            Ntt.Inverse(values);
            var power = Fr.One;
            for (var i = 0; i < n; i++)
            {
                values[i] *= power;
                power *= shift;
            }
            Ntt.Forward(values);
        });
        for (var i = 0; i < n; i++) a[i] = a[i] * b[i] - c[i];
        return a;
    }

    private static Fr RandomScalar()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[0] &= 0x3F; // below 2^254, then reject the few values at or above r
            if (Fr.TryFromBytesBigEndian(bytes, out var value) && !value.IsZero) return value;
        }
    }

    private static JacobianPoint<T> Normalize<T>(JacobianPoint<T> point) where T : struct, IFieldElement<T> =>
        point.ToAffine() is var (x, y) ? JacobianPoint<T>.FromAffine(x, y) : point;
}
