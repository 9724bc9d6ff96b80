using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>
/// A Groth16 setup for development and tests, in seconds instead of snarkjs's 20+ minutes for 2^16:
/// the secrets τ, α, β, γ, δ are derived from a seed, so anyone who knows the seed can forge proofs.
/// NEVER use its keys for real money: production keys come from a multi-party ceremony
/// (circuits/README.md). The key has snarkjs's layout (public-input rows, odd-coset H points), so
/// snarkjs proves with it and verifies our proofs.
/// </summary>
public static class DevelopmentSetup
{
    public static ProvingKey Create(R1cs r1cs, string seed, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(r1cs);
        var nPublic = r1cs.PublicCount;
        var rows = r1cs.Constraints.Count + nPublic + 1;
        var log2 = BitOperations.Log2((uint)(rows - 1)) + 1;
        var n = 1 << log2;
        var (tau, alpha, beta, gamma, delta) = Secrets(seed);

        progress?.Report($"Lagrange basis at τ for a domain of 2^{log2}");
        var lagrange = LagrangeAt(tau, log2, odd: false);
        var lagrangeOdd = LagrangeAt(tau, log2 + 1, odd: true); // L_(2i+1) of the doubled domain: the H points

        progress?.Report($"QAP polynomials of {r1cs.WireCount:N0} wires at τ");
        var a = new Fr[r1cs.WireCount];
        var b = new Fr[r1cs.WireCount];
        var c = new Fr[r1cs.WireCount];
        var coefficients = new List<QapCoefficient>();
        for (var row = 0; row < r1cs.Constraints.Count; row++)
        {
            var constraint = r1cs.Constraints[row];
            foreach (var (wire, value) in constraint.A.Terms)
            {
                a[wire] += value * lagrange[row];
                coefficients.Add(new QapCoefficient(0, row, wire, value));
            }
            foreach (var (wire, value) in constraint.B.Terms)
            {
                b[wire] += value * lagrange[row];
                coefficients.Add(new QapCoefficient(1, row, wire, value));
            }
            foreach (var (wire, value) in constraint.C.Terms) c[wire] += value * lagrange[row];
        }
        // One extra row per public signal (and the constant), as snarkjs adds: it keeps the IC points independent.
        for (var s = 0; s <= nPublic; s++)
        {
            a[s] += lagrange[r1cs.Constraints.Count + s];
            coefficients.Add(new QapCoefficient(0, r1cs.Constraints.Count + s, s, Fr.One));
        }

        var gammaInverse = gamma.Inverse();
        var deltaInverse = delta.Inverse();
        var combined = Enumerable.Range(0, r1cs.WireCount).Select(k => beta * a[k] + alpha * b[k] + c[k]).ToArray();

        progress?.Report("G1 and G2 tables");
        var g1 = new FixedBaseTable<Fq>(G1.Generator);
        var g2 = new FixedBaseTable<Fq2>(G2.Generator);
        progress?.Report($"{r1cs.WireCount:N0} A, B1, B2 and C points and {n:N0} H points");
        return new ProvingKey
        {
            VariableCount = r1cs.WireCount,
            PublicInputCount = nPublic,
            DomainSize = n,
            Alpha1 = g1.Multiply(alpha),
            Beta1 = g1.Multiply(beta),
            Beta2 = g2.Multiply(beta),
            Gamma2 = g2.Multiply(gamma),
            Delta1 = g1.Multiply(delta),
            Delta2 = g2.Multiply(delta),
            IC = g1.MultiplyAll(combined.Take(nPublic + 1).Select(v => v * gammaInverse).ToArray()),
            Coefficients = coefficients,
            A = g1.MultiplyAll(a),
            B1 = g1.MultiplyAll(b),
            B2 = g2.MultiplyAll(b),
            C = g1.MultiplyAll(combined.Skip(nPublic + 1).Select(v => v * deltaInverse).ToArray()),
            H = g1.MultiplyAll(lagrangeOdd.Select(v => v * deltaInverse).ToArray()),
        };
    }

    // L_j(τ) = ωʲ (τⁿ − 1) / (n (τ − ωʲ)) for the domain of size n = 2^log2; with odd, only j = 2i + 1.
    private static Fr[] LagrangeAt(Fr tau, int log2, bool odd)
    {
        var n = 1 << log2;
        var omega = Ntt.RootOfUnity(log2);
        var count = odd ? n / 2 : n;
        var points = new Fr[count];
        var step = odd ? omega.Square() : omega;
        points[0] = odd ? omega : Fr.One;
        for (var j = 1; j < count; j++) points[j] = points[j - 1] * step;
        var denominators = points.Select(w => tau - w).ToArray();
        BatchInversion.InvertInPlace<Fr>(denominators);
        var factor = (tau.Pow(n) - Fr.One) * Fr.FromUInt64((ulong)n).Inverse();
        for (var j = 0; j < count; j++) points[j] = points[j] * factor * denominators[j];
        return points;
    }

    /// <summary>The toxic waste of the seed's key: public to anyone who knows the seed, which is the point of the forgery test.</summary>
    internal static (Fr Tau, Fr Alpha, Fr Beta, Fr Gamma, Fr Delta) Secrets(string seed) =>
        (Secret(seed, "tau"), Secret(seed, "alpha"), Secret(seed, "beta"), Secret(seed, "gamma"), Secret(seed, "delta"));

    private static Fr Secret(string seed, string name)
    {
        var digest = SHA512.HashData(Encoding.UTF8.GetBytes($"zksummarize development setup|{seed}|{name}"));
        var value = Fr.FromBigInteger(new BigInteger(digest, isUnsigned: true));
        return value.IsZero ? Fr.One : value;
    }
}
