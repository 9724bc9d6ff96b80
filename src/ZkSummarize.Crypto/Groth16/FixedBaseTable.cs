using System.Numerics;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>
/// k·G for one fixed G and many k: a table of d·2^(8j)·G for every byte position j and byte value d,
/// so a multiplication is at most 32 additions and no doublings.
/// </summary>
internal sealed class FixedBaseTable<T> where T : struct, IFieldElement<T>
{
    private readonly JacobianPoint<T>[,] _table = new JacobianPoint<T>[32, 256];

    public FixedBaseTable(JacobianPoint<T> generator)
    {
        var baseOfByte = generator;
        for (var j = 0; j < 32; j++)
        {
            _table[j, 0] = JacobianPoint<T>.Infinity;
            for (var d = 1; d < 256; d++) _table[j, d] = _table[j, d - 1].Add(baseOfByte);
            for (var s = 0; s < 8; s++) baseOfByte = baseOfByte.Double();
        }
    }

    public JacobianPoint<T> Multiply(Fr k)
    {
        var bytes = k.ToBigInteger().ToByteArray(isUnsigned: true, isBigEndian: false);
        var result = JacobianPoint<T>.Infinity;
        for (var j = 0; j < bytes.Length; j++) result = result.Add(_table[j, bytes[j]]);
        return result;
    }

    /// <summary>k·G for every k, in parallel, each returned with Z = 1 (one shared inversion per chunk).</summary>
    public JacobianPoint<T>[] MultiplyAll(IReadOnlyList<Fr> scalars)
    {
        var results = new JacobianPoint<T>[scalars.Count];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, scalars.Count, 4096), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++) results[i] = Multiply(scalars[i]);
            AffineNormalization.Normalize(results.AsSpan(range.Item1, range.Item2 - range.Item1));
        });
        return results;
    }
}
