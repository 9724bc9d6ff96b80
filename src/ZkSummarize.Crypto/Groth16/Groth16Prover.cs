using System.Security.Cryptography;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Snarkjs;

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
    public static Proof Prove(ProvingKey key, IReadOnlyList<Fr> witness)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(witness);
        if (witness.Count != key.VariableCount)
        {
            throw new ArgumentException($"The witness has {witness.Count} values but the key's circuit has {key.VariableCount} signals.", nameof(witness));
        }
        var w = witness as Fr[] ?? witness.ToArray();
        var h = QuotientEvaluations(key, w);

        var r = RandomScalar();
        var s = RandomScalar();
        var a = Msm.Compute<Fq>(key.A, w).Add(key.Alpha1).Add(key.Delta1.Multiply(r.ToBigInteger()));
        var b2 = Msm.Compute<Fq2>(key.B2, w).Add(key.Beta2).Add(key.Delta2.Multiply(s.ToBigInteger()));
        var b1 = Msm.Compute<Fq>(key.B1, w).Add(key.Beta1).Add(key.Delta1.Multiply(s.ToBigInteger()));
        var c = Msm.Compute<Fq>(key.C, w.AsSpan(key.PublicInputCount + 1))
            .Add(Msm.Compute<Fq>(key.H, h))
            .Add(a.Multiply(s.ToBigInteger()))
            .Add(b1.Multiply(r.ToBigInteger()))
            .Add(key.Delta1.Multiply((-(r * s)).ToBigInteger()));
        return new Proof(Normalize(a), Normalize(b2), Normalize(c));
    }

    // (A·B − C) on the odd coset, which the key's H points expect.
    private static Fr[] QuotientEvaluations(ProvingKey key, Fr[] witness)
    {
        var n = key.DomainSize;
        var a = new Fr[n];
        var b = new Fr[n];
        foreach (var coefficient in key.Coefficients)
        {
            var target = coefficient.Matrix == 0 ? a : b;
            target[coefficient.Constraint] += coefficient.Value * witness[coefficient.Signal];
        }
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
