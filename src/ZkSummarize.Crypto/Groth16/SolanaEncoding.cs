using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>
/// The byte layout the on-chain verifier reads (Solana's alt_bn128 syscalls: big-endian field
/// elements, G1 = x‖y, G2 = x.imaginary‖x.real‖y.imaginary‖y.real). See docs/commitments.md.
/// </summary>
public static class SolanaEncoding
{
    public const int ProofLength = 256;

    /// <summary>(−A)‖B‖C, 256 bytes: A is negated here so the program can pass it straight to the pairing.</summary>
    public static byte[] EncodeProof(Proof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return [.. G1.Encode(proof.A.Negate()), .. G2.Encode(proof.B), .. G1.Encode(proof.C)];
    }

    /// <exception cref="FormatException">Not 256 bytes, or a point is invalid.</exception>
    public static Proof DecodeProof(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ProofLength) throw new FormatException($"An encoded proof is {ProofLength} bytes, not {bytes.Length}.");
        return new Proof(G1.Decode(bytes[..64]).Negate(), G2.Decode(bytes[64..192]), G1.Decode(bytes[192..]));
    }

    /// <exception cref="FormatException">Not α‖β‖γ‖δ‖IC₀‖…‖ICₙ of valid points.</exception>
    public static VerifyingKey DecodeVerifyingKey(ReadOnlySpan<byte> bytes)
    {
        const int fixedPart = 64 + 3 * 128;
        if (bytes.Length < fixedPart + 128 || (bytes.Length - fixedPart) % 64 != 0)
        {
            throw new FormatException($"A verifying key is 448 bytes plus 64 per IC point (at least two), not {bytes.Length}.");
        }
        var ic = new List<JacobianPoint<Fq>>();
        for (var at = fixedPart; at < bytes.Length; at += 64) ic.Add(G1.Decode(bytes.Slice(at, 64)));
        return new VerifyingKey(G1.Decode(bytes[..64]), G2.Decode(bytes.Slice(64, 128)), G2.Decode(bytes.Slice(192, 128)), G2.Decode(bytes.Slice(320, 128)), ic);
    }

    /// <summary>α‖β‖γ‖δ‖IC₀‖…‖ICₙ: 64 + 3·128 + 64·(n + 1) bytes (768 for our four public inputs).</summary>
    public static byte[] EncodeVerifyingKey(VerifyingKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return [.. G1.Encode(key.Alpha), .. G2.Encode(key.Beta), .. G2.Encode(key.Gamma), .. G2.Encode(key.Delta), .. key.IC.SelectMany(G1.Encode)];
    }
}
