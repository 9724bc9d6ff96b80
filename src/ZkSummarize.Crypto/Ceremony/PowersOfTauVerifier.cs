using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using static ZkSummarize.Crypto.Ceremony.CeremonyChecks;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// Verifies a .ptau as `snarkjs powersoftau verify` does, and more: every contribution's proofs of
/// knowledge and its link to the one before (each challenge binds the next proof), beacons recomputed,
/// the last contribution's hash against the file's points, the powers' consistency by random linear
/// combinations (one pairing per section instead of one per point), G2 points in the subgroup, and the
/// phase-2 sections, when present, against the powers.
/// </summary>
public static class PowersOfTauVerifier
{
    public static CeremonyReport Verify(PtauFile ptau, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ptau);
        var records = new List<ContributionRecord>();
        try
        {
            Require(ptau.Contributions.Count > 0, "The file has no contributions: anyone who knows how it was made knows its secrets. Add a contribution first.");
            var previous = Initial(ptau.CeremonyPower);
            for (var i = 0; i < ptau.Contributions.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var c = ptau.Contributions[i];
                progress?.Report($"Contribution #{i + 1} {c.Name}: proofs of knowledge");
                VerifyContribution(c, previous, i + 1);
                records.Add(new ContributionRecord(i + 1, c.Name, c.ResponseHash(), c.NextChallenge, c.BeaconHash, c.BeaconIterationsExponent));
                previous = (c.TauG1, c.TauG2, c.AlphaG1, c.BetaG1, c.BetaG2, c.NextChallenge);
            }
            VerifyPoints(ptau, progress, cancellationToken);
            if (ptau.Lagrange is not null) VerifyLagrange(ptau, progress, cancellationToken);
            return new CeremonyReport(null, records);
        }
        catch (CeremonyVerificationException e)
        {
            return new CeremonyReport(e.Message, records);
        }
    }

    private static (JacobianPoint<Fq> TauG1, JacobianPoint<Fq2> TauG2, JacobianPoint<Fq> AlphaG1, JacobianPoint<Fq> BetaG1, JacobianPoint<Fq2> BetaG2, byte[] Challenge) Initial(int power) =>
        (G1.Generator, G2.Generator, G1.Generator, G1.Generator, G2.Generator, PtauHashes.FirstChallenge(power));

    private static void VerifyContribution(PtauContribution c, (JacobianPoint<Fq> TauG1, JacobianPoint<Fq2> TauG2, JacobianPoint<Fq> AlphaG1, JacobianPoint<Fq> BetaG1, JacobianPoint<Fq2> BetaG2, byte[] Challenge) previous, int index)
    {
        var who = $"contribution #{index}{(c.Name is null ? "" : $" ({c.Name})")}";
        if (c.BeaconHash is { } beacon)
        {
            Require(c.BeaconIterationsExponent is >= 10 and <= 63, $"The beacon of {who} has iteration exponent {c.BeaconIterationsExponent}, outside snarkjs's 10–63.");
            var expected = PtauSecrets.Create(previous.Challenge, PtauHashes.BeaconRng(beacon, c.BeaconIterationsExponent)).Key;
            Require(SameKey(expected, c.Key), $"The key of {who} is not the one its beacon {Convert.ToHexStringLower(beacon)} (2^{c.BeaconIterationsExponent} iterations) gives: the beacon was not applied as stated.");
        }
        foreach (var g2 in new[] { c.TauG2, c.BetaG2, c.Key.Tau.G2Spx, c.Key.Alpha.G2Spx, c.Key.Beta.G2Spx })
        {
            Require(G2Subgroup.Contains(g2), $"A G2 point of {who} is not in G2's subgroup.");
        }
        var tauSp = PtauSecrets.G2Sp(0, previous.Challenge, c.Key.Tau.G1S, c.Key.Tau.G1Sx);
        var alphaSp = PtauSecrets.G2Sp(1, previous.Challenge, c.Key.Alpha.G1S, c.Key.Alpha.G1Sx);
        var betaSp = PtauSecrets.G2Sp(2, previous.Challenge, c.Key.Beta.G1S, c.Key.Beta.G1Sx);
        Require(SameRatio(c.Key.Tau.G1S, c.Key.Tau.G1Sx, tauSp, c.Key.Tau.G2Spx), $"The proof of knowledge of τ in {who} is invalid (or it answers another challenge: the file before it was changed).");
        Require(SameRatio(c.Key.Alpha.G1S, c.Key.Alpha.G1Sx, alphaSp, c.Key.Alpha.G2Spx), $"The proof of knowledge of α in {who} is invalid (or it answers another challenge).");
        Require(SameRatio(c.Key.Beta.G1S, c.Key.Beta.G1Sx, betaSp, c.Key.Beta.G2Spx), $"The proof of knowledge of β in {who} is invalid (or it answers another challenge).");
        Require(SameRatio(previous.TauG1, c.TauG1, tauSp, c.Key.Tau.G2Spx), $"τ·G1 of {who} does not follow the contribution before it by the τ it proved knowledge of.");
        Require(SameRatio(c.Key.Tau.G1S, c.Key.Tau.G1Sx, previous.TauG2, c.TauG2), $"τ·G2 of {who} does not follow the contribution before it.");
        Require(SameRatio(previous.AlphaG1, c.AlphaG1, alphaSp, c.Key.Alpha.G2Spx), $"α·G1 of {who} does not follow the contribution before it.");
        Require(SameRatio(previous.BetaG1, c.BetaG1, betaSp, c.Key.Beta.G2Spx), $"β·G1 of {who} does not follow the contribution before it.");
        Require(SameRatio(c.Key.Beta.G1S, c.Key.Beta.G1Sx, previous.BetaG2, c.BetaG2), $"β·G2 of {who} does not follow the contribution before it.");
    }

    private static bool SameKey(PtauPublicKey a, PtauPublicKey b) =>
        new[] { (a.Tau, b.Tau), (a.Alpha, b.Alpha), (a.Beta, b.Beta) }.All(p =>
            p.Item1.G1S.SamePointAs(p.Item2.G1S) && p.Item1.G1Sx.SamePointAs(p.Item2.G1Sx) && p.Item1.G2Spx.SamePointAs(p.Item2.G2Spx));

    private static void VerifyPoints(PtauFile ptau, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var last = ptau.Contributions[^1];
        Require(ptau.TauG1[0].SamePointAs(G1.Generator) && ptau.TauG2[0].SamePointAs(G2.Generator), "The first τ power (τ⁰) must be the generator in both groups.");
        Require(ptau.TauG1[1].SamePointAs(last.TauG1), "τ·G1 in the file is not the one the last contribution records.");
        Require(ptau.TauG2[1].SamePointAs(last.TauG2), "τ·G2 in the file is not the one the last contribution records.");
        Require(ptau.AlphaTauG1[0].SamePointAs(last.AlphaG1), "α·G1 in the file is not the one the last contribution records.");
        Require(ptau.BetaTauG1[0].SamePointAs(last.BetaG1), "β·G1 in the file is not the one the last contribution records.");
        Require(ptau.BetaG2.SamePointAs(last.BetaG2), "β·G2 in the file is not the one the last contribution records.");

        progress?.Report("G2 points in the subgroup");
        Require(AllInG2(ptau.TauG2, cancellationToken), "A τⁱ·G2 point is not in G2's subgroup.");

        progress?.Report("Powers: τⁱ·G1 and τⁱ⁺¹·G1 in the same ratio as G2 and τ·G2");
        var tauG2 = ptau.TauG2[1];
        Require(ConsecutivePowers<Fq>(ptau.TauG1, out var r1, out var r2) && SameRatio(r1, r2, G2.Generator, tauG2), "The τⁱ·G1 section is not successive powers of τ.");
        Require(ConsecutivePowers<Fq2>(ptau.TauG2, out var q1, out var q2) && SameRatio(G1.Generator, ptau.TauG1[1], q1, q2), "The τⁱ·G2 section is not successive powers of τ.");
        Require(ConsecutivePowers<Fq>(ptau.AlphaTauG1, out r1, out r2) && SameRatio(r1, r2, G2.Generator, tauG2), "The ατⁱ·G1 section is not α times successive powers of τ.");
        Require(ConsecutivePowers<Fq>(ptau.BetaTauG1, out r1, out r2) && SameRatio(r1, r2, G2.Generator, tauG2), "The βτⁱ·G1 section is not β times successive powers of τ.");

        if (ptau.Power == ptau.CeremonyPower)
        {
            progress?.Report("Hash of the file against the last contribution's next challenge");
            var next = PowersOfTau.NextChallenge(last.ResponseHash(), ptau.TauG1, ptau.TauG2, ptau.AlphaTauG1, ptau.BetaTauG1, ptau.BetaG2);
            Require(next.AsSpan().SequenceEqual(last.NextChallenge), "The file's points do not hash to the last contribution's next challenge: the points or the transcript were changed.");
        }
    }

    // Σ rᵢ·Pᵢ and Σ rᵢ·Pᵢ₊₁ over i < n − 1: equal ratios for random r means Pᵢ₊₁/Pᵢ is one constant.
    private static bool ConsecutivePowers<T>(JacobianPoint<T>[] points, out JacobianPoint<T> first, out JacobianPoint<T> next) where T : struct, IFieldElement<T>
    {
        var r = RandomScalars(points.Length - 1);
        first = Combine<T>(points.AsSpan(0, points.Length - 1), r);
        next = Combine<T>(points.AsSpan(1), r);
        return points.Length > 1;
    }

    private static void VerifyLagrange(PtauFile ptau, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var lagrange = ptau.Lagrange!;
        for (var p = 0; p <= ptau.Power + 1; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"Phase-2 sections: the Lagrange basis of 2^{p}");
            Require(LagrangeMatches(ptau.TauG1, lagrange[PtauFile.Curve], p), $"The prepared τ·G1 values of 2^{p} (section 12) are not the Lagrange basis of the powers. Prepare the file again.");
            if (p > ptau.Power) break;
            Require(LagrangeMatches(ptau.TauG2, lagrange[PtauFile.LagrangeTauG2], p), $"The prepared τ·G2 values of 2^{p} (section 13) are not the Lagrange basis of the powers. Prepare the file again.");
            Require(LagrangeMatches(ptau.AlphaTauG1, lagrange[PtauFile.LagrangeAlphaTauG1], p), $"The prepared ατ·G1 values of 2^{p} (section 14) are not the Lagrange basis of the powers. Prepare the file again.");
            Require(LagrangeMatches(ptau.BetaTauG1, lagrange[PtauFile.LagrangeBetaTauG1], p), $"The prepared βτ·G1 values of 2^{p} (section 15) are not the Lagrange basis of the powers. Prepare the file again.");
        }
    }

    // Σ rᵢ·Pᵢ = Σ sⱼ·Lⱼ with s the forward transform of r, since Lⱼ = (1/n) Σᵢ ω^(−ij)·Pᵢ.
    private static bool LagrangeMatches<T>(JacobianPoint<T>[] powers, byte[] section, int p) where T : struct, IFieldElement<T>
    {
        var n = 1 << p;
        var r = RandomScalars(n);
        var count = Math.Min(n, powers.Length);
        if (count < n) r[^1] = Fr.Zero; // the missing power of the last τ·G1 domain counts as infinity
        var s = (Fr[])r.Clone();
        Ntt.Forward(s);
        var size = SnarkjsPoints.Size<T>();
        var basis = new JacobianPoint<T>[n];
        var b = typeof(T) == typeof(Fq) ? (T)(object)G1.B : (T)(object)G2.B;
        for (var j = 0; j < n; j++)
        {
            if (!SnarkjsPoints.TryReadLem<T>(section.AsSpan((n - 1 + j) * size, size), out basis[j]) || !basis[j].IsOnCurve(b)) return false;
        }
        return Combine<T>(powers.AsSpan(0, count), r.AsSpan(0, count)).SamePointAs(Combine<T>(basis, s));
    }
}
