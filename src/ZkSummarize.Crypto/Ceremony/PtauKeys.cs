using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>The secrets of one phase-1 contribution, and their public key (proof of knowledge) over a challenge.</summary>
internal sealed record PtauSecrets(Fr Tau, Fr Alpha, Fr Beta, PtauPublicKey Key)
{
    /// <summary>
    /// Draws τ, α, β, then for each an s·G1 from the same generator, and signs it over the challenge: s·x·G1
    /// and x·(hash-to-G2 of the personalisation byte, the challenge, s·G1 and s·x·G1). snarkjs's order, so a
    /// beacon gives snarkjs's key.
    /// </summary>
    public static PtauSecrets Create(ReadOnlySpan<byte> challenge, ChaChaRng rng)
    {
        var (tau, alpha, beta) = (SnarkjsSampling.NextFr(rng), SnarkjsSampling.NextFr(rng), SnarkjsSampling.NextFr(rng));
        var key = new PtauPublicKey(Part(tau, 0, challenge, rng), Part(alpha, 1, challenge, rng), Part(beta, 2, challenge, rng));
        return new PtauSecrets(tau, alpha, beta, key);
    }

    /// <summary>The G2 point a key part's G2Spx must be x times: the hash to G2 of the part over the challenge.</summary>
    public static JacobianPoint<Fq2> G2Sp(byte personalisation, ReadOnlySpan<byte> challenge, JacobianPoint<Fq> g1S, JacobianPoint<Fq> g1Sx)
    {
        var hasher = new Blake2b().Update([personalisation]).Update(challenge).Update(SnarkjsPoints.Uncompressed(g1S)).Update(SnarkjsPoints.Uncompressed(g1Sx));
        return SnarkjsSampling.HashToG2(hasher.Digest());
    }

    private static PtauKeyPart Part(Fr secret, byte personalisation, ReadOnlySpan<byte> challenge, ChaChaRng rng)
    {
        var g1S = SnarkjsSampling.NextG1(rng);
        var g1Sx = Affine(ScalarMultiplication.Multiply(g1S, secret));
        var g2Spx = Affine(ScalarMultiplication.Multiply(G2Sp(personalisation, challenge, g1S, g1Sx), secret));
        return new PtauKeyPart(g1S, g1Sx, g2Spx);
    }

    internal static JacobianPoint<T> Affine<T>(JacobianPoint<T> point) where T : struct, IFieldElement<T> =>
        point.ToAffine() is var (x, y) ? JacobianPoint<T>.FromAffine(x, y) : point;
}
