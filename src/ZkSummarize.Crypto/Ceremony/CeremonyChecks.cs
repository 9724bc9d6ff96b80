using System.Security.Cryptography;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>The checks both phases' verifiers are built from.</summary>
internal static class CeremonyChecks
{
    /// <summary>Whether a/b in G1 is the same ratio as c/d in G2: e(a, d) = e(b, c), none of them infinity (as snarkjs requires).</summary>
    public static bool SameRatio(JacobianPoint<Fq> a, JacobianPoint<Fq> b, JacobianPoint<Fq2> c, JacobianPoint<Fq2> d) =>
        !a.IsInfinity && !b.IsInfinity && !c.IsInfinity && !d.IsInfinity && Pairing.ProductIsOne([(a, d), (b.Negate(), c)]);

    /// <summary>
    /// Random 128-bit scalars from the operating system's CSPRNG for random linear combinations: a wrong
    /// point passes a combined check with probability about 2^−128 (Schwartz–Zippel), and nobody can
    /// predict the scalars to craft one that does.
    /// </summary>
    public static Fr[] RandomScalars(int count)
    {
        var bytes = RandomNumberGenerator.GetBytes(16 * count);
        var scalars = new Fr[count];
        var shift = Fr.FromBigInteger(System.Numerics.BigInteger.One << 64);
        for (var i = 0; i < count; i++)
        {
            // Small scalars keep the multi-scalar multiplications short: their upper windows are empty.
            scalars[i] = Fr.FromUInt64(BitConverter.ToUInt64(bytes, 16 * i)) + Fr.FromUInt64(BitConverter.ToUInt64(bytes, 16 * i + 8)) * shift;
        }
        return scalars;
    }

    /// <summary>Whether every point is in G2's order-r subgroup (the twist has points of small order too).</summary>
    public static bool AllInG2(JacobianPoint<Fq2>[] points, CancellationToken cancellationToken)
    {
        var bad = 0;
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, points.Length, 1024), new ParallelOptions { CancellationToken = cancellationToken }, range =>
        {
            for (var i = range.Item1; i < range.Item2 && Volatile.Read(ref bad) == 0; i++)
            {
                if (!G2Subgroup.Contains(points[i])) Interlocked.Exchange(ref bad, 1);
            }
        });
        return bad == 0;
    }

    public static JacobianPoint<T> Combine<T>(ReadOnlySpan<JacobianPoint<T>> points, ReadOnlySpan<Fr> scalars) where T : struct, IFieldElement<T> =>
        Msm.Compute(points, scalars);

    /// <exception cref="CeremonyVerificationException">The condition does not hold.</exception>
    public static void Require(bool condition, string failure)
    {
        if (!condition) throw new CeremonyVerificationException(failure);
    }
}
