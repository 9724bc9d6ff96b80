using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace ZkSummarize.Crypto.Tests;

/// <summary>FsCheck generators of field elements as BigIntegers.</summary>
internal static class FieldElements
{
    // Nine 31-bit words cover the whole field (279 bits, reduced), with small values as likely as large ones.
    public static Arbitrary<BigInteger> Below(BigInteger modulus) => Gen.ListOf(Gen.Choose(0, int.MaxValue))
        .Select(words => words.Take(9).Aggregate(BigInteger.Zero, (acc, w) => acc * 2_147_483_648 + w) % modulus)
        .ToArbitrary();
}
