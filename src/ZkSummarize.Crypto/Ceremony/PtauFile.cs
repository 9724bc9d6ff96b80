using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// A powers-of-tau file (.ptau, snarkjs's layout): τⁱ·G1 for i &lt; 2^(power+1) − 1, τⁱ·G2, ατⁱ·G1 and βτⁱ·G1
/// for i &lt; 2^power, β·G2, the contributions, and once prepared for phase 2, the same four sections in
/// the Lagrange basis of every domain up to 2^power (sections 12–15, kept as the bytes snarkjs writes).
/// </summary>
public sealed class PtauFile
{
    public const int MaxPower = 24; // 2^25 G1 points in memory is about 3 GB: as far as one machine should go

    internal const int Curve = 12, LagrangeTauG2 = 13, LagrangeAlphaTauG1 = 14, LagrangeBetaTauG1 = 15;

    public required int Power { get; init; }

    /// <summary>The power the ceremony ran at (snarkjs lets a file be truncated below it).</summary>
    public required int CeremonyPower { get; init; }

    public required JacobianPoint<Fq>[] TauG1 { get; init; }

    public required JacobianPoint<Fq2>[] TauG2 { get; init; }

    public required JacobianPoint<Fq>[] AlphaTauG1 { get; init; }

    public required JacobianPoint<Fq>[] BetaTauG1 { get; init; }

    public required JacobianPoint<Fq2> BetaG2 { get; init; }

    public required IReadOnlyList<PtauContribution> Contributions { get; init; }

    /// <summary>Sections 12–15 as LEM bytes, when the file is prepared for phase 2.</summary>
    public IReadOnlyDictionary<int, byte[]>? Lagrange { get; init; }

    /// <summary>
    /// The 64 bytes that follow the τⁱ·G1 section in a file snarkjs (or this class) writes: section 3's
    /// type and size, then most of τ⁰·G2. snarkjs's groth16 setup reads one point past the τⁱ·G1 section
    /// when the circuit's domain is 2^power, and hashes what it finds there into the circuit hash.
    /// </summary>
    internal byte[] BytesAfterTauG1()
    {
        var bytes = new byte[SnarkjsPoints.G1Size];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 3);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(4), (ulong)TauG2.Length * SnarkjsPoints.G2Size);
        var g2 = new byte[SnarkjsPoints.G2Size];
        SnarkjsPoints.WriteLem(TauG2[0], g2);
        g2.AsSpan(0, SnarkjsPoints.G1Size - 12).CopyTo(bytes.AsSpan(12));
        return bytes;
    }

    public bool IsPrepared => Lagrange is not null;

    /// <exception cref="FormatException">Not a BN254 .ptau, truncated, or a point not on its curve.</exception>
    public static PtauFile Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var file = new BinFile(bytes, "ptau");
        var header = file.Section(1);
        if (header.U32() != 32 || new BigInteger(header.Take(32), isUnsigned: true) != Fq.Modulus)
        {
            throw new FormatException("The .ptau is not over BN254 (bn128): only that curve is supported.");
        }
        var power = (int)header.U32();
        var ceremonyPower = (int)header.U32();
        if (power is < 1 or > MaxPower) throw new FormatException($"The .ptau has power {power}; this tool handles 1 to {MaxPower}.");
        var n = 1 << power;
        Dictionary<int, byte[]>? lagrange = null;
        if (file.HasSection(Curve))
        {
            lagrange = [];
            foreach (var (id, size) in new[] { (Curve, SnarkjsPoints.G1Size * (4 * n - 1)), (LagrangeTauG2, SnarkjsPoints.G2Size * (2 * n - 1)), (LagrangeAlphaTauG1, SnarkjsPoints.G1Size * (2 * n - 1)), (LagrangeBetaTauG1, SnarkjsPoints.G1Size * (2 * n - 1)) })
            {
                var (offset, length) = file.Bounds(id);
                if (length != size) throw new FormatException($"Section {id} (phase-2 values) has {length} bytes; a prepared .ptau of power {power} has {size}.");
                lagrange[id] = bytes.AsSpan(offset, length).ToArray();
            }
        }
        return new PtauFile
        {
            Power = power,
            CeremonyPower = ceremonyPower,
            TauG1 = ReadPoints<Fq>(file, 2, 2 * n - 1, "τ·G1"),
            TauG2 = ReadPoints<Fq2>(file, 3, n, "τ·G2"),
            AlphaTauG1 = ReadPoints<Fq>(file, 4, n, "ατ·G1"),
            BetaTauG1 = ReadPoints<Fq>(file, 5, n, "βτ·G1"),
            BetaG2 = ReadPoints<Fq2>(file, 6, 1, "β·G2")[0],
            Contributions = ReadContributions(file.Section(7)),
            Lagrange = lagrange,
        };
    }

    /// <summary>The file as snarkjs writes it: sections 1–7, then 12–15 when prepared.</summary>
    public byte[] Write()
    {
        var writer = new BinFileWriter("ptau", version: 1);
        writer.Section(1, w =>
        {
            w.U32(32);
            var q = new byte[32];
            Fq.Modulus.TryWriteBytes(q, out _, isUnsigned: true);
            w.Bytes(q);
            w.U32((uint)Power);
            w.U32((uint)CeremonyPower);
        });
        writer.Section(2, w => w.Bytes(SnarkjsPoints.ToLem<Fq>(TauG1)));
        writer.Section(3, w => w.Bytes(SnarkjsPoints.ToLem<Fq2>(TauG2)));
        writer.Section(4, w => w.Bytes(SnarkjsPoints.ToLem<Fq>(AlphaTauG1)));
        writer.Section(5, w => w.Bytes(SnarkjsPoints.ToLem<Fq>(BetaTauG1)));
        writer.Section(6, w => w.Bytes(SnarkjsPoints.ToLem<Fq2>([BetaG2])));
        writer.Section(7, w =>
        {
            w.U32((uint)Contributions.Count);
            foreach (var c in Contributions) WriteContribution(w, c);
        });
        if (Lagrange is not null)
        {
            foreach (var id in new[] { Curve, LagrangeTauG2, LagrangeAlphaTauG1, LagrangeBetaTauG1 }) writer.Section(id, w => w.Bytes(Lagrange[id]));
        }
        return writer.ToArray();
    }

    /// <summary>The challenge the next contribution answers: the last contribution's next challenge, or the hash of a new file.</summary>
    public byte[] LastChallenge() => Contributions.Count > 0 ? Contributions[^1].NextChallenge : PtauHashes.FirstChallenge(Power);

    private static JacobianPoint<T>[] ReadPoints<T>(BinFile file, int section, int count, string name) where T : struct, IFieldElement<T>
    {
        var (offset, length) = file.Bounds(section);
        var size = SnarkjsPoints.Size<T>();
        if (length != count * size) throw new FormatException($"Section {section} ({name}) has {length} bytes, not the {count * size} its power needs.");
        var data = file.Bytes.Slice(offset, length);
        var points = new JacobianPoint<T>[count];
        var b = typeof(T) == typeof(Fq) ? (T)(object)G1.B : (T)(object)G2.B;
        var bad = -1;
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, count, 8192), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                if (!SnarkjsPoints.TryReadLem(data.Span.Slice(i * size, size), out points[i]) || !points[i].IsOnCurve(b)) Interlocked.Exchange(ref bad, i);
            }
        });
        if (bad >= 0) throw new FormatException($"Point {bad} of section {section} ({name}) is not a point of its curve.");
        return points;
    }

    private static List<PtauContribution> ReadContributions(SectionReader s)
    {
        var count = (int)s.U32();
        var list = new List<PtauContribution>(count);
        for (var i = 0; i < count; i++)
        {
            var (tauG1, tauG2, alphaG1, betaG1, betaG2) = (G1Point(s), G2Point(s), G1Point(s), G1Point(s), G2Point(s));
            var parts = new (JacobianPoint<Fq>, JacobianPoint<Fq>)[3];
            for (var k = 0; k < 3; k++) parts[k] = (G1Point(s), G1Point(s));
            var g2 = new[] { G2Point(s), G2Point(s), G2Point(s) };
            var key = new PtauPublicKey(new(parts[0].Item1, parts[0].Item2, g2[0]), new(parts[1].Item1, parts[1].Item2, g2[1]), new(parts[2].Item1, parts[2].Item2, g2[2]));
            var partial = s.Take(Blake2b.PartialStateLength).ToArray();
            var next = s.Take(64).ToArray();
            var type = s.U32();
            var parameters = ContributionParameters.Read(s);
            if (type == 1 && parameters.BeaconHash is null) throw new FormatException($"Contribution {i + 1} is a beacon without its beacon hash.");
            list.Add(new PtauContribution
            {
                TauG1 = tauG1, TauG2 = tauG2, AlphaG1 = alphaG1, BetaG1 = betaG1, BetaG2 = betaG2, Key = key,
                PartialHash = partial, NextChallenge = next, Name = parameters.Name,
                BeaconHash = type == 1 ? parameters.BeaconHash : null, BeaconIterationsExponent = parameters.IterationsExponent,
            });
        }
        if (s.Remaining != 0) throw new FormatException("The contributions section has bytes after its last contribution.");
        return list;
    }

    private static void WriteContribution(BinFileWriter w, PtauContribution c)
    {
        Point(w, c.TauG1);
        Point(w, c.TauG2);
        Point(w, c.AlphaG1);
        Point(w, c.BetaG1);
        Point(w, c.BetaG2);
        foreach (var part in new[] { c.Key.Tau, c.Key.Alpha, c.Key.Beta })
        {
            Point(w, part.G1S);
            Point(w, part.G1Sx);
        }
        foreach (var part in new[] { c.Key.Tau, c.Key.Alpha, c.Key.Beta }) Point(w, part.G2Spx);
        w.Bytes(c.PartialHash);
        w.Bytes(c.NextChallenge);
        w.U32(c.IsBeacon ? 1u : 0u);
        ContributionParameters.Write(w, c.Name, c.BeaconHash, c.BeaconIterationsExponent);
    }

    internal static void Point<T>(BinFileWriter w, JacobianPoint<T> point) where T : struct, IFieldElement<T>
    {
        var bytes = new byte[SnarkjsPoints.Size<T>()];
        SnarkjsPoints.WriteLem(point.ToAffine() is var (x, y) ? JacobianPoint<T>.FromAffine(x, y) : point, bytes);
        w.Bytes(bytes);
    }

    internal static JacobianPoint<Fq> G1Point(SectionReader s) => ReadOne<Fq>(s, G1.B);

    internal static JacobianPoint<Fq2> G2Point(SectionReader s) => ReadOne<Fq2>(s, G2.B);

    private static JacobianPoint<T> ReadOne<T>(SectionReader s, T b) where T : struct, IFieldElement<T> =>
        SnarkjsPoints.TryReadLem<T>(s.Take(SnarkjsPoints.Size<T>()), out var point) && point.IsOnCurve(b)
            ? point
            : throw new FormatException("A contribution holds a point that is not on its curve.");
}

/// <summary>The optional fields after a contribution (name, beacon exponent, beacon hash), as snarkjs lays them out in both phases.</summary>
internal sealed record ContributionParameters(string? Name, byte[]? BeaconHash, int IterationsExponent)
{
    public static ContributionParameters Read(SectionReader s)
    {
        var length = (int)s.U32();
        var data = s.Take(length);
        string? name = null;
        byte[]? beacon = null;
        var exponent = 0;
        var last = 0;
        for (var at = 0; at < data.Length;)
        {
            var type = data[at++];
            if (type <= last) throw new FormatException("A contribution's parameters are not in order.");
            if (at >= data.Length || (type != 2 && at + 1 + data[at] > data.Length)) throw new FormatException("A contribution's parameters run past their length.");
            last = type;
            switch (type)
            {
                case 1:
                    name = Encoding.UTF8.GetString(data.Slice(at + 1, data[at]));
                    at += 1 + data[at];
                    break;
                case 2:
                    exponent = data[at++];
                    break;
                case 3:
                    beacon = data.Slice(at + 1, data[at]).ToArray();
                    at += 1 + data[at];
                    break;
                default:
                    throw new FormatException($"A contribution has a parameter of unknown type {type}.");
            }
        }
        return new ContributionParameters(name, beacon, exponent);
    }

    public static void Write(BinFileWriter w, string? name, byte[]? beaconHash, int exponent)
    {
        var p = new List<byte>();
        if (!string.IsNullOrEmpty(name))
        {
            var bytes = Encoding.UTF8.GetBytes(name.Length > 64 ? name[..64] : name); // snarkjs keeps the first 64 UTF-16 units
            p.Add(1);
            p.Add((byte)bytes.Length);
            p.AddRange(bytes);
        }
        if (beaconHash is not null)
        {
            p.Add(2);
            p.Add((byte)exponent);
            p.Add(3);
            p.Add((byte)beaconHash.Length);
            p.AddRange(beaconHash);
        }
        w.U32((uint)p.Count);
        w.Bytes([.. p]);
    }
}
