namespace ZkSummarize.Crypto.Bn254;

/// <summary>
/// Jacobian points to Z = 1 in bulk: one shared field inversion per batch (Montgomery's trick) instead of
/// one per point, which is what makes writing or hashing many points cheap.
/// </summary>
public static class AffineNormalization
{
    /// <summary>Rewrites every point with Z = 1 (infinity stays infinity).</summary>
    public static void Normalize<T>(Span<JacobianPoint<T>> points) where T : struct, IFieldElement<T>
    {
        var zInverses = new T[points.Length];
        for (var i = 0; i < points.Length; i++) zInverses[i] = points[i].Z;
        BatchInversion.InvertInPlace<T>(zInverses);
        for (var i = 0; i < points.Length; i++)
        {
            if (points[i].IsInfinity) continue;
            var zInverse2 = zInverses[i].Square();
            points[i] = JacobianPoint<T>.FromAffine(points[i].X * zInverse2, points[i].Y * zInverse2 * zInverses[i]);
        }
    }

    /// <summary>The same, in parallel chunks (each with its own inversion).</summary>
    public static void NormalizeParallel<T>(JacobianPoint<T>[] points) where T : struct, IFieldElement<T>
    {
        ArgumentNullException.ThrowIfNull(points);
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, points.Length, 4096),
            range => Normalize(points.AsSpan(range.Item1, range.Item2 - range.Item1)));
    }
}
