using System.Text.RegularExpressions;
using ZkSummarize.Crypto.Ceremony;
using ZkSummarize.Testing;

namespace ZkSummarize.Crypto.Tests.Ceremony;

/// <summary>
/// The project's committed ceremony verifies on every run: both phases against the compiled circuit, the
/// committed verification_key.json is the key's, and its hash is the one the transcript pins. The
/// circuit-hash rebuild (`zks ceremony verify` without --fast) is left to the command: it takes minutes.
/// </summary>
public sealed partial class CommittedCeremonyTests
{
    [Fact]
    public async Task The_committed_ceremony_verifies_against_the_circuit()
    {
        await CircuitBuild.EnsureBuiltAsync();
        var result = await CommittedCeremony.VerifyAsync(CircuitBuild.Folder, Path.Combine(CircuitBuild.Folder, "build", "grounding.r1cs"),
            recomputeCircuitHash: false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(4, result.PhaseOne.Contributions.Count);
        Assert.True(result.PhaseOne.Contributions[^1].IsBeacon);
        Assert.Equal(4, result.PhaseTwo!.Contributions.Count);
        Assert.True(result.PhaseTwo.Contributions[^1].IsBeacon);

        var transcript = await File.ReadAllTextAsync(Path.Combine(CircuitBuild.Folder, "ceremony", "TRANSCRIPT.md"), TestContext.Current.CancellationToken);
        Assert.Equal(PinnedHash().Match(transcript).Groups[1].Value, Convert.ToHexStringLower(result.VerifyingKeySha256!));
        foreach (var c in result.PhaseTwo.Contributions) Assert.Contains(PtauHashes.Format(c.Hash).Replace("\t", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal), transcript.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [GeneratedRegex("verifying key SHA-256.*?`([0-9a-f]{64})`")]
    private static partial Regex PinnedHash();
}
