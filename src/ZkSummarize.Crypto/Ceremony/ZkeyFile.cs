using System.Numerics;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>A phase-2 contribution: the δ after it, and its proof of knowledge of the δ factor it multiplied in.</summary>
public sealed record ZkeyContribution
{
    public required JacobianPoint<Fq> DeltaAfter { get; init; }

    public required JacobianPoint<Fq> G1S { get; init; }

    public required JacobianPoint<Fq> G1Sx { get; init; }

    public required JacobianPoint<Fq2> G2Spx { get; init; }

    /// <summary>BLAKE2b-512 of the circuit hash, every earlier contribution and this one's G1 points; seeds its G2 point.</summary>
    public required byte[] Transcript { get; init; }

    public string? Name { get; init; }

    public byte[]? BeaconHash { get; init; }

    public int BeaconIterationsExponent { get; init; }

    public bool IsBeacon => BeaconHash is not null;

    /// <summary>The public key in snarkjs's hash order: δ after, s·G1, s·x·G1, s·p·x·G2 uncompressed, then the transcript.</summary>
    internal void HashInto(Blake2b hasher) => hasher
        .Update(SnarkjsPoints.Uncompressed(DeltaAfter)).Update(SnarkjsPoints.Uncompressed(G1S))
        .Update(SnarkjsPoints.Uncompressed(G1Sx)).Update(SnarkjsPoints.Uncompressed(G2Spx)).Update(Transcript);

    /// <summary>The contribution hash snarkjs prints ("Contribution Hash"), that its contributor records.</summary>
    public byte[] ContributionHash()
    {
        var hasher = new Blake2b();
        HashInto(hasher);
        return hasher.Digest();
    }
}

/// <summary>A .zkey's header (section 2): signal counts, the domain, and the key's α, β, γ, δ points.</summary>
public sealed record ZkeyHeader(int VariableCount, int PublicCount, int DomainSize, JacobianPoint<Fq> Alpha1, JacobianPoint<Fq> Beta1,
    JacobianPoint<Fq2> Beta2, JacobianPoint<Fq2> Gamma2, JacobianPoint<Fq> Delta1, JacobianPoint<Fq2> Delta2);

/// <summary>
/// A Groth16 proving key in snarkjs's .zkey layout, as the ceremony handles it: the header's points, the
/// sections kept as the bytes snarkjs writes (3 IC, 4 coefficients, 5 A, 6 B1, 7 B2, 8 C, 9 H), and
/// section 10: the circuit hash and the phase-2 contributions.
/// </summary>
public sealed class ZkeyFile
{
    internal const int IcSection = 3, CoefficientsSection = 4, ASection = 5, B1Section = 6, B2Section = 7, CSection = 8, HSection = 9;

    /// <summary>Signal counts, the domain, and the key's α, β, γ, δ points.</summary>
    public required ZkeyHeader Header { get; init; }

    /// <summary>Sections 3–9, by type, as LEM points (section 4: the QAP coefficients).</summary>
    public required IReadOnlyDictionary<int, byte[]> Sections { get; init; }

    /// <summary>The order the sections appear in the file (snarkjs's setup and its contribute differ; both are kept).</summary>
    public required IReadOnlyList<int> SectionOrder { get; init; }

    /// <summary>BLAKE2b-512 of the initial key's points: identifies the circuit and seeds the transcript.</summary>
    public required byte[] CircuitHash { get; init; }

    public required IReadOnlyList<ZkeyContribution> Contributions { get; init; }

    /// <exception cref="FormatException">Not a Groth16 BN254 .zkey, or a malformed section.</exception>
    public static ZkeyFile Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var file = new BinFile(bytes, "zkey");
        if (file.Section(1).U32() != 1) throw new FormatException("The .zkey is not a Groth16 key.");
        var header = file.Section(2);
        if (header.U32() != 32 || new BigInteger(header.Take(32), isUnsigned: true) != Fq.Modulus
            || header.U32() != 32 || new BigInteger(header.Take(32), isUnsigned: true) != Fr.Modulus)
        {
            throw new FormatException("The .zkey is not over BN254 (bn128).");
        }
        var (nVars, nPublic, domainSize) = ((int)header.U32(), (int)header.U32(), (int)header.U32());
        var sections = new Dictionary<int, byte[]>();
        for (var id = IcSection; id <= HSection; id++)
        {
            var (offset, length) = file.Bounds(id);
            sections[id] = bytes.AsSpan(offset, length).ToArray();
        }
        var mpc = file.Section(10);
        var circuitHash = mpc.Take(64).ToArray();
        var count = (int)mpc.U32();
        var contributions = new List<ZkeyContribution>(count);
        for (var i = 0; i < count; i++)
        {
            var (after, s, sx, spx) = (PtauFile.G1Point(mpc), PtauFile.G1Point(mpc), PtauFile.G1Point(mpc), PtauFile.G2Point(mpc));
            var transcript = mpc.Take(64).ToArray();
            var type = mpc.U32();
            var parameters = ContributionParameters.Read(mpc);
            if (type == 1 && parameters.BeaconHash is null) throw new FormatException($"Phase-2 contribution {i + 1} is a beacon without its beacon hash.");
            contributions.Add(new ZkeyContribution
            {
                DeltaAfter = after, G1S = s, G1Sx = sx, G2Spx = spx, Transcript = transcript, Name = parameters.Name,
                BeaconHash = type == 1 ? parameters.BeaconHash : null, BeaconIterationsExponent = parameters.IterationsExponent,
            });
        }
        return new ZkeyFile
        {
            Header = new ZkeyHeader(nVars, nPublic, domainSize, PtauFile.G1Point(header), PtauFile.G1Point(header), PtauFile.G2Point(header),
                PtauFile.G2Point(header), PtauFile.G1Point(header), PtauFile.G2Point(header)),
            Sections = sections,
            SectionOrder = SectionOrderOf(bytes),
            CircuitHash = circuitHash,
            Contributions = contributions,
        };
    }

    public byte[] Write()
    {
        var writer = new BinFileWriter("zkey", version: 1);
        writer.Section(1, w => w.U32(1));
        writer.Section(2, w =>
        {
            foreach (var modulus in new[] { Fq.Modulus, Fr.Modulus })
            {
                w.U32(32);
                var bytes = new byte[32];
                modulus.TryWriteBytes(bytes, out _, isUnsigned: true);
                w.Bytes(bytes);
            }
            w.U32((uint)Header.VariableCount);
            w.U32((uint)Header.PublicCount);
            w.U32((uint)Header.DomainSize);
            PtauFile.Point(w, Header.Alpha1);
            PtauFile.Point(w, Header.Beta1);
            PtauFile.Point(w, Header.Beta2);
            PtauFile.Point(w, Header.Gamma2);
            PtauFile.Point(w, Header.Delta1);
            PtauFile.Point(w, Header.Delta2);
        });
        foreach (var id in SectionOrder)
        {
            if (id == 10)
            {
                writer.Section(10, w =>
                {
                    w.Bytes(CircuitHash);
                    w.U32((uint)Contributions.Count);
                    foreach (var c in Contributions)
                    {
                        PtauFile.Point(w, c.DeltaAfter);
                        PtauFile.Point(w, c.G1S);
                        PtauFile.Point(w, c.G1Sx);
                        PtauFile.Point(w, c.G2Spx);
                        w.Bytes(c.Transcript);
                        w.U32(c.IsBeacon ? 1u : 0u);
                        ContributionParameters.Write(w, c.Name, c.BeaconHash, c.BeaconIterationsExponent);
                    }
                });
            }
            else if (id > 2)
            {
                writer.Section(id, w => w.Bytes(Sections[id]));
            }
        }
        return writer.ToArray();
    }

    /// <summary>The points of a G1 section (3, 5, 6, 8, 9) or the G2 section (7), checked to be on their curve.</summary>
    /// <exception cref="FormatException">A coordinate not below p, or a point not on its curve.</exception>
    public JacobianPoint<T>[] Points<T>(int section) where T : struct, IFieldElement<T>
    {
        var bytes = Sections[section];
        var size = SnarkjsPoints.Size<T>();
        var points = new JacobianPoint<T>[bytes.Length / size];
        var b = typeof(T) == typeof(Fq) ? (T)(object)G1.B : (T)(object)G2.B;
        for (var i = 0; i < points.Length; i++)
        {
            if (!SnarkjsPoints.TryReadLem(bytes.AsSpan(i * size, size), out points[i]) || !points[i].IsOnCurve(b))
            {
                throw new FormatException($"Point {i} of the .zkey's section {section} is not a point of its curve.");
            }
        }
        return points;
    }

    private static List<int> SectionOrderOf(byte[] bytes)
    {
        var order = new List<int>();
        var count = BitConverter.ToInt32(bytes, 8);
        var at = 12;
        for (var i = 0; i < count; i++)
        {
            order.Add(BitConverter.ToInt32(bytes, at));
            at += 12 + (int)BitConverter.ToInt64(bytes, at + 4);
        }
        return order;
    }
}
