using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Ceremony;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Tests.Ceremony;

/// <summary>Our verifiers reject each kind of tampering, and say which check failed.</summary>
public sealed class TamperedCeremonyTests
{
    private static readonly Lazy<PtauFile> Phase1 = new(() =>
        PowersOfTau.Beacon(PowersOfTau.Contribute(PowersOfTau.Contribute(PowersOfTau.New(5), "one", "a"), "two", "b"), "beacon", "0badc0de", 10));

    private static readonly Lazy<R1cs> Toy = new(() => R1cs.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", "toy.r1cs"))));

    private static readonly Lazy<PtauFile> Prepared = new(() => PhaseTwoPreparation.Prepare(Phase1.Value));

    private static readonly Lazy<ZkeyFile> Key = new(() => PhaseTwo.Contribute(PhaseTwo.Contribute(PhaseTwo.New(Toy.Value, Prepared.Value), "one", "a"), "two", "b"));

    [Fact]
    public void The_untampered_files_verify()
    {
        Assert.True(PowersOfTauVerifier.Verify(Phase1.Value, cancellationToken: TestContext.Current.CancellationToken).IsValid);
        Assert.True(PowersOfTauVerifier.Verify(Prepared.Value, cancellationToken: TestContext.Current.CancellationToken).IsValid);
        var report = PhaseTwoVerifier.Verify(Toy.Value, Phase1.Value, Key.Value, recomputeCircuitHash: true, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(report.IsValid, report.Failure);
    }

    [Fact]
    public void A_changed_power_of_tau_is_rejected()
    {
        var tauG1 = (JacobianPoint<Fq>[])Phase1.Value.TauG1.Clone();
        tauG1[7] = Affine(tauG1[7].Double());
        AssertRejected(Ptau(Phase1.Value, tauG1: tauG1), "τⁱ·G1 section is not successive powers");
    }

    [Fact]
    public void A_broken_proof_of_knowledge_is_rejected()
    {
        var contributions = Phase1.Value.Contributions.ToArray();
        var key = contributions[0].Key;
        contributions[0] = contributions[0] with { Key = key with { Tau = key.Tau with { G1Sx = Affine(key.Tau.G1Sx.Double()) } } };
        AssertRejected(Ptau(Phase1.Value, contributions: contributions), "proof of knowledge of τ in contribution #1");
    }

    [Fact]
    public void A_changed_challenge_hash_in_the_transcript_is_rejected()
    {
        var contributions = Phase1.Value.Contributions.ToArray();
        var changed = (byte[])contributions[0].NextChallenge.Clone();
        changed[0] ^= 1;
        contributions[0] = contributions[0] with { NextChallenge = changed };
        AssertRejected(Ptau(Phase1.Value, contributions: contributions), "contribution #2");
    }

    [Fact]
    public void A_changed_last_hash_is_rejected()
    {
        var contributions = Phase1.Value.Contributions.ToArray();
        var changed = (byte[])contributions[^1].NextChallenge.Clone();
        changed[^1] ^= 1;
        contributions[^1] = contributions[^1] with { NextChallenge = changed };
        AssertRejected(Ptau(Phase1.Value, contributions: contributions), "do not hash to the last contribution's next challenge");
    }

    [Fact]
    public void A_beacon_not_applied_as_stated_is_rejected()
    {
        var contributions = Phase1.Value.Contributions.ToArray();
        contributions[^1] = contributions[^1] with { BeaconHash = [0x0b, 0xad, 0xc0, 0xdf] };
        AssertRejected(Ptau(Phase1.Value, contributions: contributions), "is not the one its beacon");
    }

    [Fact]
    public void A_key_whose_C_section_was_altered_is_rejected() => AssertKeyRejected(AlterPoint(Key.Value, ZkeyFile.CSection, 0), "C section (8)");

    [Fact]
    public void A_key_whose_H_section_was_altered_is_rejected() => AssertKeyRejected(AlterPoint(Key.Value, ZkeyFile.HSection, 3), "H section (9)");

    [Fact]
    public void A_key_whose_A_section_was_altered_is_rejected() => AssertKeyRejected(AlterPoint(Key.Value, ZkeyFile.ASection, 1), "A section (5)");

    [Fact]
    public void A_key_from_another_circuit_is_rejected()
    {
        // The toy circuit with one coefficient changed: the same shape, another statement.
        var constraints = Toy.Value.Constraints.ToArray();
        var terms = constraints[0].A.Terms.ToArray();
        terms[0] = (terms[0].Wire, terms[0].Value + Fr.One);
        constraints[0] = constraints[0] with { A = new LinearCombination(terms) };
        var other = Toy.Value with { Constraints = constraints };
        var report = PhaseTwoVerifier.Verify(other, Phase1.Value, Key.Value, recomputeCircuitHash: false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(report.IsValid);
        Assert.Contains("another circuit", report.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_from_another_powers_of_tau_is_rejected()
    {
        var other = PowersOfTau.Contribute(PowersOfTau.New(5), "someone else", null, cancellationToken: TestContext.Current.CancellationToken);
        var report = PhaseTwoVerifier.Verify(Toy.Value, other, Key.Value, recomputeCircuitHash: false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(report.IsValid);
        Assert.Contains("another phase 1", report.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_phase_two_proof_of_knowledge_is_rejected()
    {
        var contributions = Key.Value.Contributions.ToArray();
        contributions[0] = contributions[0] with { G2Spx = Affine(contributions[0].G2Spx.Double()) };
        AssertKeyRejected(Zkey(Key.Value, contributions: contributions), "proof of knowledge of contribution #1");
    }

    [Fact]
    public void A_changed_phase_two_transcript_is_rejected()
    {
        var contributions = Key.Value.Contributions.ToArray();
        var changed = (byte[])contributions[1].Transcript.Clone();
        changed[5] ^= 1;
        contributions[1] = contributions[1] with { Transcript = changed };
        AssertKeyRejected(Zkey(Key.Value, contributions: contributions), "transcript hash of contribution #2");
    }

    [Fact]
    public void A_key_without_contributions_is_rejected() =>
        AssertKeyRejected(PhaseTwo.New(Toy.Value, Prepared.Value, cancellationToken: TestContext.Current.CancellationToken), "no phase-2 contribution");

    private static void AssertRejected(PtauFile ptau, string reason)
    {
        var report = PowersOfTauVerifier.Verify(ptau, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(report.IsValid);
        Assert.Contains(reason, report.Failure, StringComparison.Ordinal);
    }

    private static void AssertKeyRejected(ZkeyFile key, string reason)
    {
        var report = PhaseTwoVerifier.Verify(Toy.Value, Phase1.Value, key, recomputeCircuitHash: false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(report.IsValid);
        Assert.Contains(reason, report.Failure, StringComparison.Ordinal);
    }

    private static JacobianPoint<T> Affine<T>(JacobianPoint<T> p) where T : struct, IFieldElement<T> => p.ToAffine() is var (x, y) ? JacobianPoint<T>.FromAffine(x, y) : p;

    // Replaces one point of a section by its double: still on the curve, so only the verifier can object.
    private static ZkeyFile AlterPoint(ZkeyFile key, int section, int index)
    {
        var points = key.Points<Fq>(section);
        points[index] = Affine(points[index].IsInfinity ? G1.Generator : points[index].Double());
        var sections = new Dictionary<int, byte[]>(key.Sections) { [section] = SnarkjsPoints.ToLem<Fq>(points) };
        return Zkey(key, sections: sections);
    }

    private static PtauFile Ptau(PtauFile p, JacobianPoint<Fq>[]? tauG1 = null, IReadOnlyList<PtauContribution>? contributions = null) => new()
    {
        Power = p.Power, CeremonyPower = p.CeremonyPower, TauG1 = tauG1 ?? p.TauG1, TauG2 = p.TauG2, AlphaTauG1 = p.AlphaTauG1,
        BetaTauG1 = p.BetaTauG1, BetaG2 = p.BetaG2, Contributions = contributions ?? p.Contributions, Lagrange = p.Lagrange,
    };

    private static ZkeyFile Zkey(ZkeyFile k, IReadOnlyDictionary<int, byte[]>? sections = null, IReadOnlyList<ZkeyContribution>? contributions = null) => new()
    {
        Header = k.Header, Sections = sections ?? k.Sections, SectionOrder = k.SectionOrder,
        CircuitHash = k.CircuitHash, Contributions = contributions ?? k.Contributions,
    };
}
