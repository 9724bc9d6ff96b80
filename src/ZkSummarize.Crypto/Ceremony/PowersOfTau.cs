using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>
/// Phase 1 of the ceremony in snarkjs's .ptau format: a new file, a contribution from fresh randomness,
/// and a public-beacon contribution. Files in and out are snarkjs's, so participants may use either tool.
/// </summary>
public static class PowersOfTau
{
    /// <summary>A new file: every point a generator, no contributions (`snarkjs powersoftau new bn128 power`).</summary>
    public static PtauFile New(int power)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(power, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(power, PtauFile.MaxPower);
        var n = 1 << power;
        return new PtauFile
        {
            Power = power,
            CeremonyPower = power,
            TauG1 = Enumerable.Repeat(G1.Generator, 2 * n - 1).ToArray(),
            TauG2 = Enumerable.Repeat(G2.Generator, n).ToArray(),
            AlphaTauG1 = Enumerable.Repeat(G1.Generator, n).ToArray(),
            BetaTauG1 = Enumerable.Repeat(G1.Generator, n).ToArray(),
            BetaG2 = G2.Generator,
            Contributions = [],
        };
    }

    /// <summary>
    /// Multiplies the file by fresh secrets drawn from the operating system's CSPRNG mixed with
    /// <paramref name="entropy"/> (any text the participant adds), and forgets them when it returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file was truncated below its ceremony's power.</exception>
    public static PtauFile Contribute(PtauFile previous, string? name, string? entropy, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var challenge = previous.LastChallenge();
        return Apply(previous, PtauSecrets.Create(challenge, PtauHashes.EntropyRng(entropy)), challenge, name, beacon: null, 0, progress, cancellationToken);
    }

    /// <summary>
    /// A contribution whose secrets come from a public random value (hex), hashed 2^exponent times with
    /// SHA-256, exactly as `snarkjs powersoftau beacon` computes it: anyone can recompute it, and nobody
    /// could have chosen the value in advance.
    /// </summary>
    /// <exception cref="ArgumentException">The beacon is not 1–255 bytes of hex, or the exponent is not 10–63.</exception>
    public static PtauFile Beacon(PtauFile previous, string? name, string beaconHex, int exponent, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var beacon = BeaconValue.Parse(beaconHex, exponent);
        var challenge = previous.LastChallenge();
        progress?.Report($"Hashing the beacon 2^{exponent} times");
        var secrets = PtauSecrets.Create(challenge, PtauHashes.BeaconRng(beacon, exponent));
        return Apply(previous, secrets, challenge, name, beacon, exponent, progress, cancellationToken);
    }

    private static PtauFile Apply(PtauFile previous, PtauSecrets secrets, byte[] challenge, string? name, byte[]? beacon, int exponent, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (previous.Power != previous.CeremonyPower)
        {
            throw new InvalidOperationException($"This file was truncated to power {previous.Power} from {previous.CeremonyPower}: contribute to the ceremony's full file instead.");
        }
        var response = new Blake2b().Update(challenge);
        progress?.Report($"τ·G1: {previous.TauG1.Length:N0} points");
        var tauG1 = ApplyKey(previous.TauG1, Fr.One, secrets.Tau, response, cancellationToken);
        progress?.Report($"τ·G2: {previous.TauG2.Length:N0} points");
        var tauG2 = ApplyKey(previous.TauG2, Fr.One, secrets.Tau, response, cancellationToken);
        progress?.Report($"ατ·G1: {previous.AlphaTauG1.Length:N0} points");
        var alphaTauG1 = ApplyKey(previous.AlphaTauG1, secrets.Alpha, secrets.Tau, response, cancellationToken);
        progress?.Report($"βτ·G1: {previous.BetaTauG1.Length:N0} points");
        var betaTauG1 = ApplyKey(previous.BetaTauG1, secrets.Beta, secrets.Tau, response, cancellationToken);
        var betaG2 = ApplyKey([previous.BetaG2], secrets.Beta, secrets.Tau, response, cancellationToken)[0];
        var partial = response.SavePartialState();
        var responseHash = response.Update(secrets.Key.ToUncompressed()).Digest();

        progress?.Report("Hashing the new file (the next challenge)");
        var contribution = new PtauContribution
        {
            TauG1 = tauG1[1],
            TauG2 = tauG2[1],
            AlphaG1 = alphaTauG1[0],
            BetaG1 = betaTauG1[0],
            BetaG2 = betaG2,
            Key = secrets.Key,
            PartialHash = partial,
            NextChallenge = NextChallenge(responseHash, tauG1, tauG2, alphaTauG1, betaTauG1, betaG2),
            Name = name,
            BeaconHash = beacon,
            BeaconIterationsExponent = exponent,
        };
        return new PtauFile
        {
            Power = previous.Power,
            CeremonyPower = previous.CeremonyPower,
            TauG1 = tauG1,
            TauG2 = tauG2,
            AlphaTauG1 = alphaTauG1,
            BetaTauG1 = betaTauG1,
            BetaG2 = betaG2,
            Contributions = [.. previous.Contributions, contribution],
        };
    }

    /// <summary>BLAKE2b-512 of the response hash and every point of the file, uncompressed: the next challenge.</summary>
    internal static byte[] NextChallenge(byte[] responseHash, JacobianPoint<Fq>[] tauG1, JacobianPoint<Fq2>[] tauG2, JacobianPoint<Fq>[] alphaTauG1, JacobianPoint<Fq>[] betaTauG1, JacobianPoint<Fq2> betaG2)
    {
        var hasher = new Blake2b().Update(responseHash);
        hasher.Update(SnarkjsPoints.ToUncompressed<Fq>(tauG1));
        hasher.Update(SnarkjsPoints.ToUncompressed<Fq2>(tauG2));
        hasher.Update(SnarkjsPoints.ToUncompressed<Fq>(alphaTauG1));
        hasher.Update(SnarkjsPoints.ToUncompressed<Fq>(betaTauG1));
        hasher.Update(SnarkjsPoints.Uncompressed(betaG2));
        return hasher.Digest();
    }

    /// <summary>
    /// Point i times first·incⁱ, in parallel, normalised to affine; the response hasher takes the results
    /// compressed in snarkjs's chunks (2^20 bytes of input points each), so its saved state matches snarkjs's.
    /// </summary>
    private static JacobianPoint<T>[] ApplyKey<T>(JacobianPoint<T>[] points, Fr first, Fr inc, Blake2b response, CancellationToken cancellationToken) where T : struct, IFieldElement<T>
    {
        var scalars = new Fr[points.Length];
        var factor = first;
        for (var i = 0; i < scalars.Length; i++)
        {
            scalars[i] = factor;
            factor *= inc;
        }
        var result = new JacobianPoint<T>[points.Length];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, points.Length, 2048), new ParallelOptions { CancellationToken = cancellationToken }, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++) result[i] = ScalarMultiplication.Multiply(points[i], scalars[i]);
            AffineNormalization.Normalize(result.AsSpan(range.Item1, range.Item2 - range.Item1));
        });
        Array.Clear(scalars); // the powers of the secrets
        var chunk = (1 << 20) / SnarkjsPoints.Size<T>();
        for (var start = 0; start < result.Length; start += chunk)
        {
            response.Update(SnarkjsPoints.ToCompressed<T>(result.AsSpan(start, Math.Min(chunk, result.Length - start))));
        }
        return result;
    }
}

/// <summary>A beacon's bytes and exponent, checked as snarkjs checks them.</summary>
internal static class BeaconValue
{
    public static byte[] Parse(string hex, int exponent)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var text = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"The beacon must be hexadecimal (an even number of 0-9a-f digits), not \"{hex}\".", nameof(hex));
        }
        if (bytes.Length is 0 or > 255) throw new ArgumentException($"The beacon must be 1 to 255 bytes, not {bytes.Length}.", nameof(hex));
        if (exponent is < 10 or > 63) throw new ArgumentException($"The beacon's iteration exponent must be 10 to 63 (snarkjs's range), not {exponent}.", nameof(exponent));
        return bytes;
    }
}
