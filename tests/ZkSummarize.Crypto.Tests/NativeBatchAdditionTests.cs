using System.Numerics;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Native;

namespace ZkSummarize.Crypto.Tests;

/// <summary>
/// The MSM's bucket additions in C (libzksfield.so) against the managed ones. Every other prover test runs
/// the native code too (it is the default), with snarkjs verifying the proofs.
/// </summary>
public sealed class NativeBatchAdditionTests
{
    [Fact]
    public void The_native_library_is_built_and_loaded()
    {
        // The build makes it wherever clang-14 is installed (setup.sh installs it), so a run that silently
        // fell back to the managed code would test, and measure, a prover that nobody deploys.
        Assert.True(NativeBatchAddition.IsAvailable,
            "libzksfield.so is not next to the test assembly or did not load: install clang-14 and rebuild ZkSummarize.Crypto.");
        Assert.True(NativeBatchAddition.Supports<Fq>() && NativeBatchAddition.Supports<Fq2>());
        Assert.False(NativeBatchAddition.Supports<Fr>());
    }

    [Fact]
    public void Native_and_managed_additions_give_the_same_sum_in_G1()
    {
        var terms = Terms(G1.Generator, 5_000);
        Assert.True(Msm.Compute(terms, native: true).SamePointAs(Msm.Compute(terms, native: false)));
    }

    [Fact]
    public void Native_and_managed_additions_give_the_same_sum_in_G2()
    {
        var terms = Terms(G2.Generator, 1_500);
        Assert.True(Msm.Compute(terms, native: true).SamePointAs(Msm.Compute(terms, native: false)));
    }

    [Fact]
    public void A_single_native_batch_matches_the_chord_rule()
    {
        // Two buckets, each given one point: (P + Q) by the affine chord rule, as JacobianPoint computes it.
        var points = Enumerable.Range(1, 4).Select(i => G1.Generator.Multiply(i * 7_919).ToAffine()!.Value).ToArray();
        Fq[] bucketX = [points[0].X, points[1].X], bucketY = [points[0].Y, points[1].Y];
        Fq[] qx = [points[2].X, points[3].X], qy = [points[2].Y, points[3].Y];
        Fq[] denominators = [qx[0] - bucketX[0], qx[1] - bucketX[1]];
        NativeBatchAddition.Add(2, [0, 1], bucketX, bucketY, qx, qy, denominators, new Fq[2]);
        for (var b = 0; b < 2; b++)
        {
            var expected = JacobianPoint<Fq>.FromAffine(points[b].X, points[b].Y).AddAffine(points[b + 2].X, points[b + 2].Y).ToAffine()!.Value;
            Assert.Equal(expected.X, bucketX[b]);
            Assert.Equal(expected.Y, bucketY[b]);
        }
    }

    // Multiples of the generator (a few repeated and one negated, so some additions are doublings or
    // cancellations, which go to the Jacobian side) with random full-size scalars.
    private static MsmTerms<T> Terms<T>(JacobianPoint<T> generator, int count) where T : struct, IFieldElement<T>
    {
        var random = new Random(20261202);
        var terms = new MsmTerms<T>(count);
        var point = generator;
        for (var i = 0; i < count; i++)
        {
            var added = i % 97 == 0 ? generator : i % 101 == 0 ? generator.Negate() : point;
            var (x, y) = added.ToAffine()!.Value;
            var bytes = new byte[33];
            random.NextBytes(bytes.AsSpan(0, 32));
            terms.Add(x, y, Fr.FromBigInteger(new BigInteger(bytes)));
            point = point.Add(generator);
        }
        return terms;
    }
}
