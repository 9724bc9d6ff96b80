using System.Numerics;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// What snarkjs's groth16 setup hashes for the one point it reads past the end of the τ·G1 section (when
/// the circuit's domain is 2^power): 64 bytes that are not a point, and whose "coordinates" are not even
/// reduced below p, subtracted from a real point by ffjavascript's WebAssembly. Its field addition and
/// subtraction work modulo 2^256 with one correction by p, so on such inputs they are not arithmetic
/// modulo p, and the result is not the mathematical one. This reproduces those operations exactly
/// (its Montgomery multiplication is exact modulo p, with one conditional subtraction), so the circuit
/// hash matches snarkjs's and `snarkjs zkey verify` accepts our keys.
/// </summary>
internal static class UnreducedPointSubtraction
{
    private static readonly BigInteger P = Fq.Modulus;
    private static readonly BigInteger R = BigInteger.One << 256;
    private static readonly BigInteger PInverse = Inverse(P, R);
    private static readonly BigInteger RInverse = Inverse(R % P, P);

    /// <summary>
    /// first − second, both as 64 LEM bytes (second a real affine point), then to affine, as the WebAssembly
    /// computes it; returns the uncompressed bytes it would hash.
    /// </summary>
    public static byte[] Subtract(ReadOnlySpan<byte> first, JacobianPoint<Fq> second)
    {
        var x1 = Read(first[..32]);
        var y1 = Read(first[32..64]);
        if (second.ToAffine() is not var (sx, sy)) throw new InvalidOperationException("The circuit hash subtracts a τ power that is infinity.");
        var x2 = Montgomery(sx);
        var y2 = Sub(0, Montgomery(sy)); // negAffine
        if (x1.IsZero && y1.IsZero) return SnarkjsPoints.Uncompressed(second.Negate());
        if (x1 == x2) throw new InvalidOperationException("The bytes after the τ·G1 section share an x with a τ power: snarkjs would double here, which is not reproduced.");

        // mmadd-2007-bl, in the WebAssembly's order of operations.
        var h = Sub(x2, x1);
        var yDiff = Sub(y2, y1);
        var hh = Mul(h, h);
        var i = Add(hh, hh);
        i = Add(i, i);
        var j = Mul(h, i);
        var r = Add(yDiff, yDiff);
        var v = Mul(x1, i);
        var r2 = Mul(r, r);
        var v2 = Add(v, v);
        var x3 = Sub(Sub(r2, j), v2);
        var y1j = Mul(y1, j);
        y1j = Add(y1j, y1j);
        var y3 = Sub(Mul(Sub(v, x3), r), y1j);
        var z3 = Add(h, h);

        // To affine: exact modulo p from here on.
        var (x, y, z) = (Element(x3), Element(y3), Element(z3));
        if (z.IsZero) return new byte[SnarkjsPoints.G1Size];
        var zInverse = Fq.FromBigInteger(z).Inverse();
        var point = JacobianPoint<Fq>.FromAffine(Fq.FromBigInteger(x) * zInverse.Square(), Fq.FromBigInteger(y) * zInverse.Square() * zInverse);
        return SnarkjsPoints.Uncompressed(point);
    }

    private static BigInteger Add(BigInteger x, BigInteger y)
    {
        var sum = x + y;
        if (sum >= R) return Mod(sum - P, R); // carry out: subtract p modulo 2^256
        return sum >= P ? sum - P : sum;
    }

    private static BigInteger Sub(BigInteger x, BigInteger y)
    {
        var difference = x - y;
        return difference < 0 ? Mod(difference + P, R) : difference; // borrow: add p modulo 2^256
    }

    // Montgomery product (x·y + m·p)/2^256 with m clearing the low half, less p once if at least p.
    private static BigInteger Mul(BigInteger x, BigInteger y)
    {
        var product = x * y;
        var m = Mod(-product * PInverse, R);
        var t = (product + m * P) >> 256;
        return t >= P ? t - P : t;
    }

    private static BigInteger Read(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    private static BigInteger Montgomery(Fq value)
    {
        var bytes = new byte[32];
        value.WriteMontgomeryBytes(bytes);
        return Read(bytes);
    }

    // The field element a Montgomery representation stands for: v·2^−256 mod p.
    private static BigInteger Element(BigInteger montgomery) => montgomery * RInverse % P;

    private static BigInteger Mod(BigInteger value, BigInteger modulus) => ((value % modulus) + modulus) % modulus;

    private static BigInteger Inverse(BigInteger value, BigInteger modulus) => BigInteger.ModPow(value, Totient(modulus) - 1, modulus);

    // Only called with 2^256 (φ = 2^255) and the prime p (φ = p − 1).
    private static BigInteger Totient(BigInteger modulus) => modulus == R ? R / 2 : modulus - 1;
}
