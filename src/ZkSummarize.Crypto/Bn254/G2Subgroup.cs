using System.Numerics;

namespace ZkSummarize.Crypto.Bn254;

/// <summary>
/// G2 membership in about a quarter of the cost of multiplying by r: for BN curves, Q is in G2 exactly
/// when [x+1]Q + ψ([x]Q) + ψ²([x]Q) = ψ³([2x]Q), with ψ the untwist-Frobenius-twist endomorphism and x the
/// curve's parameter (El Housni, Guillevic and Piellard, "Co-factor clearing and subgroup membership
/// testing on pairing-friendly curves", 2022, §5.1). Used where a ceremony file has tens of thousands
/// of G2 points to check; the twist has points of small order (its cofactor has the factor 10,069),
/// which a random linear combination would miss too often.
/// </summary>
public static class G2Subgroup
{
    private static readonly BigInteger X = BigInteger.Parse("4965661367192848881");
    private static readonly Fq2 PsiX = Fq2.Xi.Pow((Fq.Modulus - 1) / 3);
    private static readonly Fq2 PsiY = Fq2.Xi.Pow((Fq.Modulus - 1) / 2);

    public static bool Contains(JacobianPoint<Fq2> point)
    {
        if (!point.IsOnCurve(G2.B)) return false;
        if (point.IsInfinity) return true;
        var xQ = point.Multiply(X);
        var left = xQ.Add(point).Add(Psi(xQ)).Add(Psi(Psi(xQ)));
        var right = Psi(Psi(Psi(xQ.Double())));
        return left.SamePointAs(right);
    }

    // ψ(x, y) = (x̄·ξ^((p−1)/3), ȳ·ξ^((p−1)/2)); on Jacobian coordinates Z is conjugated too.
    private static JacobianPoint<Fq2> Psi(JacobianPoint<Fq2> q) => new(q.X.Conjugate() * PsiX, q.Y.Conjugate() * PsiY, q.Z.Conjugate());
}
