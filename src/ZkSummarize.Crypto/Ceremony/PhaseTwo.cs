using System.Buffers.Binary;
using System.Numerics;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// Phase 2 of the ceremony in snarkjs's .zkey format: the initial key of a circuit from a prepared .ptau
/// (`snarkjs groth16 setup`, byte for byte), a contribution of a fresh δ factor, and a beacon.
/// </summary>
public static class PhaseTwo
{
    /// <summary>The initial key: γ = δ = 1, every point from the ptau's Lagrange sections, and the circuit hash.</summary>
    /// <exception cref="InvalidOperationException">The ptau is not prepared, or too small for the circuit.</exception>
    public static ZkeyFile New(R1cs r1cs, PtauFile ptau, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(r1cs);
        ArgumentNullException.ThrowIfNull(ptau);
        var circuit = new QapLayout(r1cs);
        if (circuit.Power > ptau.Power)
        {
            throw new InvalidOperationException($"The circuit needs a domain of 2^{circuit.Power} ({r1cs.Constraints.Count:N0} constraints and {r1cs.PublicCount} public signals), but the .ptau has power {ptau.Power}. Use a powers-of-tau file of power {circuit.Power} or more.");
        }
        if (ptau.Lagrange is not { } lagrange)
        {
            throw new InvalidOperationException("The .ptau is not prepared for phase 2. Run `zks ceremony ptau prepare` (or `snarkjs powersoftau prepare phase2`) on it first.");
        }
        var d = circuit.DomainSize;
        progress?.Report($"Reading the Lagrange basis of 2^{circuit.Power}");
        var basis = new LagrangeBasis(Block<Fq>(lagrange[PtauFile.Curve], d), Block<Fq2>(lagrange[PtauFile.LagrangeTauG2], d),
            Block<Fq>(lagrange[PtauFile.LagrangeAlphaTauG1], d), Block<Fq>(lagrange[PtauFile.LagrangeBetaTauG1], d));
        var (ic, a, b1, b2, c, circuitHash) = InitialKey(circuit, ptau, basis, progress, cancellationToken);

        progress?.Report($"H: {d:N0} points from the basis of 2^{circuit.Power + 1}");
        var hBytes = new byte[d * SnarkjsPoints.G1Size];
        var doubled = lagrange[PtauFile.Curve].AsSpan((2 * d - 1) * SnarkjsPoints.G1Size);
        for (var i = 0; i < d; i++) doubled.Slice((2 * i + 1) * SnarkjsPoints.G1Size, SnarkjsPoints.G1Size).CopyTo(hBytes.AsSpan(i * SnarkjsPoints.G1Size));
        return new ZkeyFile
        {
            // γ = δ = 1 until the contributions: the generators
            Header = new ZkeyHeader(r1cs.WireCount, circuit.PublicCount, d, ptau.AlphaTauG1[0], ptau.BetaTauG1[0], ptau.BetaG2, G2.Generator, G1.Generator, G2.Generator),
            Sections = new Dictionary<int, byte[]>
            {
                [ZkeyFile.IcSection] = SnarkjsPoints.ToLem<Fq>(ic),
                [ZkeyFile.CoefficientsSection] = circuit.CoefficientsSection(),
                [ZkeyFile.ASection] = SnarkjsPoints.ToLem<Fq>(a),
                [ZkeyFile.B1Section] = SnarkjsPoints.ToLem<Fq>(b1),
                [ZkeyFile.B2Section] = SnarkjsPoints.ToLem<Fq2>(b2),
                [ZkeyFile.CSection] = SnarkjsPoints.ToLem<Fq>(c),
                [ZkeyFile.HSection] = hBytes,
            },
            SectionOrder = [1, 2, 4, 3, 9, 8, 5, 6, 7, 10], // snarkjs's setup writes them in this order
            CircuitHash = circuitHash,
            Contributions = [],
        };
    }

    /// <summary>The Lagrange basis of the circuit's domain at τ, in the four forms the key combines.</summary>
    internal sealed record LagrangeBasis(JacobianPoint<Fq>[] Tau, JacobianPoint<Fq2>[] Tau2, JacobianPoint<Fq>[] AlphaTau, JacobianPoint<Fq>[] BetaTau);

    /// <summary>The initial key's IC, A, B1, B2 and C points, and the circuit hash over them (snarkjs's order).</summary>
    internal static (JacobianPoint<Fq>[] Ic, JacobianPoint<Fq>[] A, JacobianPoint<Fq>[] B1, JacobianPoint<Fq2>[] B2, JacobianPoint<Fq>[] C, byte[] CircuitHash) InitialKey(
        QapLayout circuit, PtauFile ptau, LagrangeBasis basis, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var (tau, tau2, alphaTau, betaTau) = (basis.Tau, basis.Tau2, basis.AlphaTau, basis.BetaTau);
        progress?.Report("A, B1, B2, IC and C");
        var a = circuit.Compose(s => circuit.A[s], (_, row) => tau[row], cancellationToken);
        var b1 = circuit.Compose(s => circuit.B[s], (_, row) => tau[row], cancellationToken);
        var b2 = circuit.Compose(s => circuit.B[s], (_, row) => tau2[row], cancellationToken);
        JacobianPoint<Fq> Combined(int matrix, int row) => matrix switch { 0 => betaTau[row], 1 => alphaTau[row], _ => tau[row] };
        var ic = circuit.Compose(s => circuit.All[s], Combined, cancellationToken, 0, circuit.PublicCount + 1);
        var c = circuit.Compose(s => circuit.All[s], Combined, cancellationToken, circuit.PublicCount + 1);

        progress?.Report("The circuit hash");
        var hasher = new Blake2b();
        foreach (var point in new[] { SnarkjsPoints.Uncompressed(ptau.AlphaTauG1[0]), SnarkjsPoints.Uncompressed(ptau.BetaTauG1[0]), SnarkjsPoints.Uncompressed(ptau.BetaG2),
            SnarkjsPoints.Uncompressed(G2.Generator), SnarkjsPoints.Uncompressed(G1.Generator), SnarkjsPoints.Uncompressed(G2.Generator) })
        {
            hasher.Update(point);
        }
        HashSection<Fq>(hasher, ic);
        HashH(hasher, ptau, circuit.DomainSize);
        HashSection<Fq>(hasher, c);
        HashSection<Fq>(hasher, a);
        HashSection<Fq>(hasher, b1);
        HashSection<Fq2>(hasher, b2);
        return (ic, a, b1, b2, c, hasher.Digest());
    }

    /// <summary>Multiplies δ by a fresh secret from the operating system's CSPRNG and <paramref name="entropy"/>, with its proof of knowledge.</summary>
    public static ZkeyFile Contribute(ZkeyFile key, string? name, string? entropy, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Apply(key, PtauHashes.EntropyRng(entropy), name, null, 0, progress, cancellationToken);
    }

    /// <summary>A δ factor from a public beacon, exactly as `snarkjs zkey beacon` computes it.</summary>
    /// <exception cref="ArgumentException">The beacon is not 1–255 bytes of hex, or the exponent is not 10–63.</exception>
    public static ZkeyFile Beacon(ZkeyFile key, string? name, string beaconHex, int exponent, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var beacon = BeaconValue.Parse(beaconHex, exponent);
        progress?.Report($"Hashing the beacon 2^{exponent} times");
        return Apply(key, PtauHashes.BeaconRng(beacon, exponent), name, beacon, exponent, progress, cancellationToken);
    }

    /// <summary>The transcript hasher after the circuit hash and every contribution so far.</summary>
    internal static Blake2b TranscriptBefore(ZkeyFile key, int contributions)
    {
        var hasher = new Blake2b().Update(key.CircuitHash);
        for (var i = 0; i < contributions; i++) key.Contributions[i].HashInto(hasher);
        return hasher;
    }

    private static ZkeyFile Apply(ZkeyFile key, ChaChaRng rng, string? name, byte[]? beacon, int exponent, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var hasher = TranscriptBefore(key, key.Contributions.Count);
        var secret = SnarkjsSampling.NextFr(rng);
        var g1S = SnarkjsSampling.NextG1(rng);
        var g1Sx = PtauSecrets.Affine(ScalarMultiplication.Multiply(g1S, secret));
        var transcript = hasher.Update(SnarkjsPoints.Uncompressed(g1S)).Update(SnarkjsPoints.Uncompressed(g1Sx)).Digest();
        var g2Spx = PtauSecrets.Affine(ScalarMultiplication.Multiply(SnarkjsSampling.HashToG2(transcript), secret));
        var delta1 = PtauSecrets.Affine(ScalarMultiplication.Multiply(key.Header.Delta1, secret));
        var delta2 = PtauSecrets.Affine(ScalarMultiplication.Multiply(key.Header.Delta2, secret));

        var inverse = ScalarMultiplication.Prepare(secret.Inverse());
        var sections = new Dictionary<int, byte[]>(key.Sections);
        progress?.Report("C section times 1/δ");
        sections[ZkeyFile.CSection] = Scale(key.Points<Fq>(ZkeyFile.CSection), inverse, cancellationToken);
        progress?.Report("H section times 1/δ");
        sections[ZkeyFile.HSection] = Scale(key.Points<Fq>(ZkeyFile.HSection), inverse, cancellationToken);
        var contribution = new ZkeyContribution
        {
            DeltaAfter = delta1, G1S = g1S, G1Sx = g1Sx, G2Spx = g2Spx, Transcript = transcript,
            Name = name, BeaconHash = beacon, BeaconIterationsExponent = exponent,
        };
        return new ZkeyFile
        {
            Header = key.Header with { Delta1 = delta1, Delta2 = delta2 },
            Sections = sections,
            SectionOrder = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], // snarkjs's contribute and beacon write them in order
            CircuitHash = key.CircuitHash,
            Contributions = [.. key.Contributions, contribution],
        };
    }

    private static byte[] Scale(JacobianPoint<Fq>[] points, ScalarMultiplication.PreparedScalar scalar, CancellationToken cancellationToken)
    {
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, points.Length, 2048), new ParallelOptions { CancellationToken = cancellationToken }, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++) points[i] = ScalarMultiplication.Multiply(points[i], scalar);
            AffineNormalization.Normalize(points.AsSpan(range.Item1, range.Item2 - range.Item1));
        });
        return SnarkjsPoints.ToLem<Fq>(points);
    }

    /// <summary>The d points of the 2^p block of a Lagrange section (blocks of 1, 2, 4, … points, one after another).</summary>
    internal static JacobianPoint<T>[] Block<T>(byte[] section, int d) where T : struct, IFieldElement<T>
    {
        var size = SnarkjsPoints.Size<T>();
        var points = new JacobianPoint<T>[d];
        for (var i = 0; i < d; i++)
        {
            if (!SnarkjsPoints.TryReadLem(section.AsSpan((d - 1 + i) * size, size), out points[i])) throw new FormatException($"A Lagrange point of 2^{BitOperations.Log2((uint)d)} in the .ptau has a coordinate not below p.");
        }
        return points;
    }

    private static void HashSection<T>(Blake2b hasher, JacobianPoint<T>[] points) where T : struct, IFieldElement<T>
    {
        HashCount(hasher, points.Length);
        hasher.Update(SnarkjsPoints.ToUncompressed<T>(points));
    }

    private static void HashCount(Blake2b hasher, int count)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)count);
        hasher.Update(bytes);
    }

    /// <summary>
    /// (τ^(d+i) − τⁱ)·G1 for the H part of the circuit hash, over snarkjs's loop: chunks of 2^14 that each take
    /// min(d − 1, 2^14) points, so from d = 2^15 on the hash takes d points, not d − 1, and with a domain of
    /// 2^power the last one reads the bytes after the τ·G1 section as a point. Kept as is, or no circuit hash
    /// would match snarkjs's.
    /// </summary>
    private static void HashH(Blake2b hasher, PtauFile ptau, int d)
    {
        const int Chunk = 1 << 14;
        HashCount(hasher, d - 1);
        var indices = new List<int>();
        for (var i = 0; i < d - 1; i += Chunk)
        {
            var n = Math.Min(d - 1, Chunk);
            for (var k = 0; k < n; k++) indices.Add(i + k);
        }
        var points = new JacobianPoint<Fq>[indices.Count];
        byte[]? pastTheEnd = null;
        Parallel.For(0, points.Length, k =>
        {
            var i = indices[k];
            if (i + d < ptau.TauG1.Length) points[k] = ptau.TauG1[i + d].Add(ptau.TauG1[i].Negate());
            else if (i + d == ptau.TauG1.Length) pastTheEnd = UnreducedPointSubtraction.Subtract(ptau.BytesAfterTauG1(), ptau.TauG1[i]);
            else throw new InvalidOperationException($"The circuit hash would read τ·G1 point {i + d}, more than one past the section's end.");
        });
        AffineNormalization.NormalizeParallel(points);
        var bytes = SnarkjsPoints.ToUncompressed<Fq>(points);
        if (pastTheEnd is not null) pastTheEnd.CopyTo(bytes, bytes.Length - SnarkjsPoints.G1Size); // it is the last index
        hasher.Update(bytes);
    }
}
