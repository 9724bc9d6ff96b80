using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using static ZkSummarize.Crypto.Ceremony.CeremonyChecks;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// Verifies a .zkey against its circuit and the phase-1 file it came from, as `snarkjs zkey verify` does,
/// without needing the ptau's phase-2 sections: the coefficients against the r1cs; α, β from the ptau and
/// γ the generator; every contribution's transcript, proof of knowledge and δ chain (beacons recomputed);
/// and the IC, A, B1, B2, C and H sections against the powers of τ by random linear combinations, each
/// compared with one multi-scalar multiplication over the monomial powers (the combined coefficients
/// moved to the monomial basis by a scalar inverse FFT), C and H through δ by a pairing. With
/// <c>recomputeCircuitHash</c> it also rebuilds the initial key and compares the circuit hash, which needs
/// the Lagrange basis of the circuit's domain (from the ptau's phase-2 sections, or computed here).
/// </summary>
public static class PhaseTwoVerifier
{
    public static CeremonyReport Verify(R1cs r1cs, PtauFile ptau, ZkeyFile zkey, bool recomputeCircuitHash, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(r1cs);
        ArgumentNullException.ThrowIfNull(ptau);
        ArgumentNullException.ThrowIfNull(zkey);
        var records = new List<ContributionRecord>();
        try
        {
            var circuit = new QapLayout(r1cs);
            Require(zkey.Header.VariableCount == r1cs.WireCount && zkey.Header.PublicCount == circuit.PublicCount && zkey.Header.DomainSize == circuit.DomainSize,
                $"The key is for another circuit: it has {zkey.Header.VariableCount:N0} signals, {zkey.Header.PublicCount} public and a domain of {zkey.Header.DomainSize:N0}; the r1cs has {r1cs.WireCount:N0}, {circuit.PublicCount} and {circuit.DomainSize:N0}.");
            Require(circuit.Power <= ptau.Power, $"The circuit needs a powers-of-tau file of power {circuit.Power}; this one has {ptau.Power}.");
            Require(zkey.Sections[ZkeyFile.CoefficientsSection].AsSpan().SequenceEqual(circuit.CoefficientsSection()),
                "The key's coefficients (section 4) are not this circuit's: the key is for another circuit, or the r1cs changed since the setup.");
            Require(zkey.Header.Alpha1.SamePointAs(ptau.AlphaTauG1[0]) && zkey.Header.Beta1.SamePointAs(ptau.BetaTauG1[0]) && zkey.Header.Beta2.SamePointAs(ptau.BetaG2),
                "The key's α and β are not this powers-of-tau file's: the key was set up from another phase 1.");
            Require(zkey.Header.Gamma2.SamePointAs(G2.Generator), "The key's γ is not the G2 generator, as a phase-2 setup makes it.");
            Require(G2Subgroup.Contains(zkey.Header.Beta2) && G2Subgroup.Contains(zkey.Header.Delta2), "The key's β or δ in G2 is not in G2's subgroup.");

            progress?.Report("Contributions: transcripts, proofs of knowledge, the δ chain");
            Require(zkey.Contributions.Count > 0, "The key has no phase-2 contribution: δ is the generator, and anyone can forge proofs. Add a contribution.");
            var delta = G1.Generator;
            var hasher = new Blake2b().Update(zkey.CircuitHash);
            for (var i = 0; i < zkey.Contributions.Count; i++)
            {
                var c = zkey.Contributions[i];
                var who = $"contribution #{i + 1}{(c.Name is null ? "" : $" ({c.Name})")}";
                var transcript = hasher.Clone().Update(SnarkjsPoints.Uncompressed(c.G1S)).Update(SnarkjsPoints.Uncompressed(c.G1Sx)).Digest();
                Require(transcript.AsSpan().SequenceEqual(c.Transcript), $"The transcript hash of {who} is not the hash of the circuit and the contributions before it: the transcript was changed.");
                Require(G2Subgroup.Contains(c.G2Spx), $"The G2 point of {who}'s proof of knowledge is not in G2's subgroup.");
                var g2Sp = SnarkjsSampling.HashToG2(c.Transcript);
                Require(SameRatio(c.G1S, c.G1Sx, g2Sp, c.G2Spx), $"The proof of knowledge of {who} is invalid.");
                Require(SameRatio(delta, c.DeltaAfter, g2Sp, c.G2Spx), $"δ after {who} does not follow the δ before it by the secret it proved knowledge of.");
                if (c.BeaconHash is { } beacon)
                {
                    Require(c.BeaconIterationsExponent is >= 10 and <= 63, $"The beacon of {who} has iteration exponent {c.BeaconIterationsExponent}, outside snarkjs's 10–63.");
                    var rng = PtauHashes.BeaconRng(beacon, c.BeaconIterationsExponent);
                    var secret = SnarkjsSampling.NextFr(rng);
                    var g1S = SnarkjsSampling.NextG1(rng);
                    Require(g1S.SamePointAs(c.G1S) && ScalarMultiplication.Multiply(g1S, secret).SamePointAs(c.G1Sx),
                        $"The key of {who} is not the one its beacon {Convert.ToHexStringLower(beacon)} (2^{c.BeaconIterationsExponent} iterations) gives.");
                }
                c.HashInto(hasher);
                records.Add(new ContributionRecord(i + 1, c.Name, c.ContributionHash(), null, c.BeaconHash, c.BeaconIterationsExponent));
                delta = c.DeltaAfter;
            }
            Require(zkey.Header.Delta1.SamePointAs(delta), "The key's δ in G1 is not the last contribution's δ.");
            Require(SameRatio(G1.Generator, zkey.Header.Delta1, G2.Generator, zkey.Header.Delta2), "The key's δ in G2 does not match its δ in G1.");

            VerifySections(circuit, ptau, zkey, progress, cancellationToken);
            if (recomputeCircuitHash)
            {
                var basis = Basis(ptau, circuit.Power, progress, cancellationToken);
                var hash = PhaseTwo.InitialKey(circuit, ptau, basis, progress, cancellationToken).CircuitHash;
                Require(hash.AsSpan().SequenceEqual(zkey.CircuitHash), "The key's circuit hash is not the hash of the initial key of this circuit and powers of tau.");
            }
            return new CeremonyReport(null, records) { CircuitHash = zkey.CircuitHash };
        }
        catch (CeremonyVerificationException e)
        {
            return new CeremonyReport(e.Message, records) { CircuitHash = zkey.CircuitHash };
        }
        catch (FormatException e)
        {
            return new CeremonyReport($"The key is malformed: {e.Message}", records);
        }
    }

    private static void VerifySections(QapLayout circuit, PtauFile ptau, ZkeyFile zkey, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var d = circuit.DomainSize;
        var tau = ptau.TauG1.AsSpan(0, d);
        var publicEnd = circuit.PublicCount + 1;

        progress?.Report("A section against the powers of τ");
        var r = RandomScalars(zkey.Header.VariableCount);
        Require(Combine<Fq>(zkey.Points<Fq>(ZkeyFile.ASection), r).SamePointAs(Monomial<Fq>(tau, Rows(circuit.A, r, 0, d))),
            "The A section (5) is not this circuit's A polynomials at τ: it was altered, or the key is for another circuit or powers of tau.");
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report("B sections against the powers of τ");
        r = RandomScalars(zkey.Header.VariableCount);
        Require(Combine<Fq>(zkey.Points<Fq>(ZkeyFile.B1Section), r).SamePointAs(Monomial<Fq>(tau, Rows(circuit.B, r, 0, d))),
            "The B1 section (6) is not this circuit's B polynomials at τ in G1.");
        r = RandomScalars(zkey.Header.VariableCount);
        var b2Points = zkey.Points<Fq2>(ZkeyFile.B2Section);
        Require(Combine<Fq2>(b2Points, r).SamePointAs(Monomial<Fq2>(ptau.TauG2.AsSpan(0, d), Rows(circuit.B, r, 0, d))),
            "The B2 section (7) is not this circuit's B polynomials at τ in G2.");
        Require(CeremonyChecks.AllInG2(b2Points, cancellationToken), "A B2 point (section 7) is not in G2's subgroup.");
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report("IC and C sections against β·A + α·B + C at τ");
        var icScalars = RandomScalars(publicEnd);
        Require(Combine<Fq>(zkey.Points<Fq>(ZkeyFile.IcSection), icScalars).SamePointAs(Combined(ptau, circuit, icScalars, 0, publicEnd)),
            "The IC section (3) is not this circuit's public-input polynomials: the verifying key would accept wrong public inputs.");
        var cScalars = RandomScalars(zkey.Header.VariableCount - publicEnd);
        var c = Combine<Fq>(zkey.Points<Fq>(ZkeyFile.CSection), cScalars);
        var expected = Combined(ptau, circuit, cScalars, publicEnd, zkey.Header.VariableCount);
        Require(SameThroughDelta(c, expected, zkey.Header.Delta2), "The C section (8) is not this circuit's private-signal polynomials divided by δ: it was altered or not updated with δ.");
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report("H section against (τⁿ − 1)·τⁱ through δ");
        var s = RandomScalars(d);
        var spread = new Fr[2 * d];
        for (var j = 0; j < d; j++) spread[2 * j + 1] = s[j];
        Ntt.Inverse(spread); // H_j·δ = L_(2j+1) of the doubled domain at τ, so Σ sⱼ·Hⱼ·δ = Σᵢ spreadᵢ·τⁱ·G1
        var count = Math.Min(2 * d, ptau.TauG1.Length); // snarkjs's H leaves out τ^(2d−1) when the domain is 2^power
        var h = Combine<Fq>(zkey.Points<Fq>(ZkeyFile.HSection), s);
        Require(SameThroughDelta(h, Combine<Fq>(ptau.TauG1.AsSpan(0, count), spread.AsSpan(0, count)), zkey.Header.Delta2),
            "The H section (9) is not the quotient basis divided by δ: it was altered or not updated with δ.");
    }

    // e(P, δ) = e(Q, G2): P = Q/δ (infinity on both sides counts as equal).
    private static bool SameThroughDelta(JacobianPoint<Fq> p, JacobianPoint<Fq> q, JacobianPoint<Fq2> delta) =>
        p.IsInfinity || q.IsInfinity ? p.IsInfinity && q.IsInfinity : Pairing.ProductIsOne([(p, delta), (q.Negate(), G2.Generator)]);

    /// <summary>Σ over signals [from, to) of rₛ·(β·Aₛ + α·Bₛ + Cₛ)(τ)·G1, from the monomial sections.</summary>
    private static JacobianPoint<Fq> Combined(PtauFile ptau, QapLayout circuit, Fr[] r, int from, int to)
    {
        var d = circuit.DomainSize;
        var rows = new Fr[3][];
        for (var m = 0; m < 3; m++) rows[m] = new Fr[d];
        for (var s = from; s < to; s++)
        {
            foreach (var term in circuit.All[s]) rows[term.Matrix][term.Row] += r[s - from] * term.Value;
        }
        return Monomial<Fq>(ptau.BetaTauG1.AsSpan(0, d), rows[0])
            .Add(Monomial<Fq>(ptau.AlphaTauG1.AsSpan(0, d), rows[1]))
            .Add(Monomial<Fq>(ptau.TauG1.AsSpan(0, d), rows[2]));
    }

    /// <summary>Per row, Σ rₛ·coefficient over the signals' terms: the combined polynomial in the Lagrange basis.</summary>
    private static Fr[] Rows(List<QapTerm>[] terms, Fr[] r, int from, int d)
    {
        var rows = new Fr[d];
        for (var s = from; s < terms.Length; s++)
        {
            foreach (var term in terms[s]) rows[term.Row] += r[s - from] * term.Value;
        }
        return rows;
    }

    /// <summary>Σⱼ valuesⱼ·Lⱼ(τ)·G = Σᵢ cᵢ·τⁱ·G with c the inverse FFT of the values.</summary>
    private static JacobianPoint<T> Monomial<T>(ReadOnlySpan<JacobianPoint<T>> powers, Fr[] lagrangeValues) where T : struct, IFieldElement<T>
    {
        var coefficients = (Fr[])lagrangeValues.Clone();
        Ntt.Inverse(coefficients);
        return Combine(powers, coefficients);
    }

    private static PhaseTwo.LagrangeBasis Basis(PtauFile ptau, int power, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var d = 1 << power;
        if (ptau.Lagrange is { } lagrange)
        {
            return new PhaseTwo.LagrangeBasis(PhaseTwo.Block<Fq>(lagrange[PtauFile.Curve], d), PhaseTwo.Block<Fq2>(lagrange[PtauFile.LagrangeTauG2], d),
                PhaseTwo.Block<Fq>(lagrange[PtauFile.LagrangeAlphaTauG1], d), PhaseTwo.Block<Fq>(lagrange[PtauFile.LagrangeBetaTauG1], d));
        }
        progress?.Report($"The Lagrange basis of 2^{power} (the ptau is not prepared): τ·G1");
        var tau = PhaseTwoPreparation.Block(ptau.TauG1, power, cancellationToken);
        progress?.Report($"The Lagrange basis of 2^{power}: τ·G2");
        var tau2 = PhaseTwoPreparation.Block(ptau.TauG2, power, cancellationToken);
        progress?.Report($"The Lagrange basis of 2^{power}: ατ·G1");
        var alpha = PhaseTwoPreparation.Block(ptau.AlphaTauG1, power, cancellationToken);
        progress?.Report($"The Lagrange basis of 2^{power}: βτ·G1");
        return new PhaseTwo.LagrangeBasis(tau, tau2, alpha, PhaseTwoPreparation.Block(ptau.BetaTauG1, power, cancellationToken));
    }
}
