using System.Numerics;

namespace ZkSummarize.Solana;

/// <summary>
/// Whether 32 bytes are a valid compressed Ed25519 point, as curve25519-dalek's decompress decides it: the
/// y coordinate (255 bits, reduced mod p) must give a square x² = (y² − 1) / (d·y² + 1). Program addresses
/// must fail this check, so that no private key can sign for them.
/// </summary>
internal static class Ed25519Curve
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger D = Mod(-121665 * ModInverse(121666));
    private static readonly BigInteger Legendre = (P - 1) / 2;

    public static bool IsOnCurve(ReadOnlySpan<byte> compressed)
    {
        Span<byte> yBytes = stackalloc byte[33];
        compressed.CopyTo(yBytes);
        yBytes[31] &= 0x7f; // the top bit is the sign of x
        yBytes[32] = 0;
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: false) % P;
        var y2 = y * y % P;
        var u = Mod(y2 - 1);
        var v = Mod((D * y2) + 1);
        var x2 = u * ModInverse(v) % P;
        return x2.IsZero || BigInteger.ModPow(x2, Legendre, P).IsOne;
    }

    private static BigInteger Mod(BigInteger value)
    {
        var r = value % P;
        return r.Sign < 0 ? r + P : r;
    }

    private static BigInteger ModInverse(BigInteger value) => BigInteger.ModPow(Mod(value), P - 2, P);
}
