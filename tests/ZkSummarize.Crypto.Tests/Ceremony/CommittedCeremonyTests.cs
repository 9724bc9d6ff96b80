using System.Text.RegularExpressions;
using ZkSummarize.Crypto.Ceremony;
using ZkSummarize.Testing;

namespace ZkSummarize.Crypto.Tests.Ceremony;

/// <summary>
/// The project's committed ceremony verifies on every run: phase 1, and each grounding circuit's phase 2 against
/// the compiled circuit, each committed verification key is its proving key's, and each hash is the one the
/// transcript pins. The circuit-hash rebuild (`zks ceremony verify` without --fast) is left to the command: it
/// takes minutes.
/// </summary>
public sealed partial class CommittedCeremonyTests
{
    [Fact]
    public async Task The_committed_ceremony_verifies_against_every_circuit()
    {
        await CircuitBuild.EnsureBuiltAsync();
        var result = await CommittedCeremony.VerifyAsync(CircuitBuild.Folder, recomputeCircuitHash: false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(4, result.PhaseOne.Contributions.Count);
        Assert.True(result.PhaseOne.Contributions[^1].IsBeacon);
        Assert.Equal(CommittedCeremony.Keys, result.Keys.Select(k => k.Key));

        var transcript = await File.ReadAllTextAsync(Path.Combine(CircuitBuild.Folder, "ceremony", "TRANSCRIPT.md"), TestContext.Current.CancellationToken);
        var flat = transcript.Replace("\n", " ", StringComparison.Ordinal);
        foreach (var key in result.Keys)
        {
            Assert.Equal(4, key.PhaseTwo.Contributions.Count);
            Assert.True(key.PhaseTwo.Contributions[^1].IsBeacon);
            Assert.Equal(PinnedHash(key.Key.Circuit).Match(transcript).Groups[1].Value, Convert.ToHexStringLower(key.VerifyingKeySha256!));
            foreach (var c in key.PhaseTwo.Contributions) Assert.Contains(PtauHashes.Format(c.Hash).Replace("\t", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal), flat, StringComparison.Ordinal);
        }
    }

    // "- `grounding` verifying key SHA-256 (…): `<hex>`": one line per circuit in the transcript.
    private static Regex PinnedHash(string circuit) => new($"`{Regex.Escape(circuit)}` verifying key SHA-256.*?`([0-9a-f]{{64}})`");
}
