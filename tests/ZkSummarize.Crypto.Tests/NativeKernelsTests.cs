using System.Numerics;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Native;

namespace ZkSummarize.Crypto.Tests;

/// <summary>
/// The MSM's windows and the NTT in C (libzksfield.so) against the managed ones. Every other prover test runs the
/// native code too (it is the default): the MSM edge cases against a naive sum, and proofs that snarkjs verifies.
/// </summary>
public sealed class NativeKernelsTests
{
    [Fact]
    public void The_native_library_is_built_and_loaded()
    {
        // The build makes it wherever clang-14 is installed (setup.sh installs it), so a run that silently
        // fell back to the managed code would test, and measure, a prover that nobody deploys.
        Assert.True(NativeKernels.IsAvailable,
            "libzksfield.so is not next to the test assembly or did not load: install clang-14 and rebuild ZkSummarize.Crypto.");
        Assert.True(NativeKernels.Supports<Fq>() && NativeKernels.Supports<Fq2>());
        Assert.False(NativeKernels.Supports<Fr>());
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

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(13)]
    public void Native_and_managed_ntts_agree_both_ways(int log2)
    {
        var random = new Random(log2);
        var values = Enumerable.Range(0, 1 << log2).Select(_ => Fr.FromBigInteger(new BigInteger(random.NextInt64()) * random.NextInt64() * random.NextInt64())).ToArray();
        var native = (Fr[])values.Clone();
        var managed = (Fr[])values.Clone();
        Ntt.Forward(native, native: true);
        Ntt.Forward(managed, native: false);
        Assert.Equal(managed, native);
        Assert.NotEqual(values, native);
        Ntt.Inverse(native, native: true);
        Ntt.Inverse(managed, native: false);
        Assert.Equal(values, native);
        Assert.Equal(values, managed);
    }

    // Multiples of the generator, with the generator itself every 97th and its negation every 101st, so
    // that buckets also get doublings and cancellations (the Jacobian side sums), and random full-size scalars.
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
