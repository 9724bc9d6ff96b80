namespace ZkSummarize.Crypto.Ceremony;

/// <summary>One contribution as a verifier reports it, with the hash snarkjs prints for it.</summary>
/// <param name="Hash">Phase 1: the contribution's response hash; phase 2: its contribution hash.</param>
/// <param name="NextChallenge">Phase 1 only: the hash of the file the contribution produced.</param>
public sealed record ContributionRecord(int Index, string? Name, byte[] Hash, byte[]? NextChallenge, byte[]? BeaconHash, int BeaconIterationsExponent)
{
    public bool IsBeacon => BeaconHash is not null;
}

/// <summary>
/// The outcome of verifying a ceremony file: valid, or the first check that failed in words that say
/// what is wrong; and the contributions, oldest first.
/// </summary>
public sealed record CeremonyReport(string? Failure, IReadOnlyList<ContributionRecord> Contributions)
{
    public bool IsValid => Failure is null;

    /// <summary>For phase 2: the circuit hash the transcript starts from.</summary>
    public byte[]? CircuitHash { get; init; }
}

/// <summary>A check of a ceremony file failed; the message says which and why.</summary>
public sealed class CeremonyVerificationException(string message) : Exception(message);
