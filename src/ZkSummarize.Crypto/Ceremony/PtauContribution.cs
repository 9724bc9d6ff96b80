using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>One secret's public key in a phase-1 contribution: s·G1, s·x·G1, and s·p·x·G2 (s·p from the transcript).</summary>
public sealed record PtauKeyPart(JacobianPoint<Fq> G1S, JacobianPoint<Fq> G1Sx, JacobianPoint<Fq2> G2Spx);

/// <summary>A contribution's proof of knowledge of τ, α and β, in snarkjs's order.</summary>
public sealed record PtauPublicKey(PtauKeyPart Tau, PtauKeyPart Alpha, PtauKeyPart Beta)
{
    /// <summary>768 bytes: the six G1 points, then the three G2 points, uncompressed (what the response hash takes).</summary>
    internal byte[] ToUncompressed()
    {
        var bytes = new List<byte>(768);
        foreach (var part in new[] { Tau, Alpha, Beta })
        {
            bytes.AddRange(SnarkjsPoints.Uncompressed(part.G1S));
            bytes.AddRange(SnarkjsPoints.Uncompressed(part.G1Sx));
        }
        foreach (var part in new[] { Tau, Alpha, Beta }) bytes.AddRange(SnarkjsPoints.Uncompressed(part.G2Spx));
        return [.. bytes];
    }
}

/// <summary>
/// A phase-1 contribution as the .ptau file records it: the first powers it produced, its public key,
/// the response hasher's saved state (so anyone can finish the response hash with the key), and the
/// hash of the file it produced (the next participant's challenge).
/// </summary>
public sealed record PtauContribution
{
    public required JacobianPoint<Fq> TauG1 { get; init; }

    public required JacobianPoint<Fq2> TauG2 { get; init; }

    public required JacobianPoint<Fq> AlphaG1 { get; init; }

    public required JacobianPoint<Fq> BetaG1 { get; init; }

    public required JacobianPoint<Fq2> BetaG2 { get; init; }

    public required PtauPublicKey Key { get; init; }

    /// <summary>The response hasher after the challenge and the new points, before the key (snarkjs's partialHash).</summary>
    public required byte[] PartialHash { get; init; }

    /// <summary>BLAKE2b-512 of the response hash and the contribution's points: what the next participant signs over.</summary>
    public required byte[] NextChallenge { get; init; }

    public string? Name { get; init; }

    /// <summary>The beacon's seed, for a beacon contribution; null for a contribution from secret randomness.</summary>
    public byte[]? BeaconHash { get; init; }

    /// <summary>The beacon's hashing: 2^exponent SHA-256 iterations.</summary>
    public int BeaconIterationsExponent { get; init; }

    public bool IsBeacon => BeaconHash is not null;

    /// <summary>The contribution's response hash, as snarkjs prints it ("Contribution Response Hash").</summary>
    public byte[] ResponseHash() => Blake2b.FromPartialState(PartialHash).Update(Key.ToUncompressed()).Digest();
}
