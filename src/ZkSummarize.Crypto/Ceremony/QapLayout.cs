using System.Buffers.Binary;
using System.Numerics;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>One term of a signal's QAP polynomial: matrix (0 = A, 1 = B, 2 = C), row, coefficient.</summary>
internal readonly record struct QapTerm(int Matrix, int Row, Fr Value);

/// <summary>
/// An r1cs as snarkjs's groth16 setup lays it out: the domain (rows = constraints + public signals + 1,
/// rounded up to a power of two), each signal's terms by matrix, with one extra A row per public signal
/// and the constant, and the coefficients section of the .zkey.
/// </summary>
internal sealed class QapLayout
{
    private readonly R1cs _r1cs;

    public QapLayout(R1cs r1cs)
    {
        _r1cs = r1cs;
        PublicCount = r1cs.PublicCount;
        Power = BitOperations.Log2((uint)(r1cs.Constraints.Count + PublicCount)) + 1;
        A = Lists(r1cs.WireCount);
        B = Lists(r1cs.WireCount);
        All = Lists(r1cs.WireCount);
        for (var row = 0; row < r1cs.Constraints.Count; row++)
        {
            var constraint = r1cs.Constraints[row];
            foreach (var (wire, value) in constraint.A.Terms) Add(A, All, new QapTerm(0, row, value), wire);
            foreach (var (wire, value) in constraint.B.Terms) Add(B, All, new QapTerm(1, row, value), wire);
            foreach (var (wire, value) in constraint.C.Terms) All[wire].Add(new QapTerm(2, row, value));
        }
        for (var s = 0; s <= PublicCount; s++) Add(A, All, new QapTerm(0, r1cs.Constraints.Count + s, Fr.One), s);
    }

    public int PublicCount { get; }

    public int Power { get; }

    public int DomainSize => 1 << Power;

    public List<QapTerm>[] A { get; }

    public List<QapTerm>[] B { get; }

    /// <summary>A, B and C terms together: what IC and C combine (β·A + α·B + C).</summary>
    public List<QapTerm>[] All { get; }

    /// <summary>
    /// Σ value·basis(matrix, row) over each signal's terms, for signals [from, to), in parallel and affine.
    /// Coefficients are mostly small or small negatives, so each term costs a few additions.
    /// </summary>
    public JacobianPoint<T>[] Compose<T>(Func<int, List<QapTerm>> terms, Func<int, int, JacobianPoint<T>> basis, CancellationToken cancellationToken, int from = 0, int to = -1)
        where T : struct, IFieldElement<T>
    {
        if (to < 0) to = _r1cs.WireCount;
        var points = new JacobianPoint<T>[to - from];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, points.Length, 512), new ParallelOptions { CancellationToken = cancellationToken }, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var sum = JacobianPoint<T>.Infinity;
                foreach (var term in terms(from + i)) sum = sum.Add(Times(basis(term.Matrix, term.Row), term.Value));
                points[i] = sum;
            }
            AffineNormalization.Normalize(points.AsSpan(range.Item1, range.Item2 - range.Item1));
        });
        return points;
    }

    /// <summary>Section 4: the A and B coefficients by row (A's before B's), then the public rows; each value stored as value·R² mod r.</summary>
    public byte[] CoefficientsSection()
    {
        var entries = new List<(int Matrix, int Row, int Signal, Fr Value)>();
        for (var row = 0; row < _r1cs.Constraints.Count; row++)
        {
            foreach (var (wire, value) in _r1cs.Constraints[row].A.Terms) entries.Add((0, row, wire, value));
            foreach (var (wire, value) in _r1cs.Constraints[row].B.Terms) entries.Add((1, row, wire, value));
        }
        for (var s = 0; s <= PublicCount; s++) entries.Add((0, _r1cs.Constraints.Count + s, s, Fr.One));
        var rSquared = Fr.FromBigInteger(BigInteger.ModPow(BigInteger.One << 256, 2, Fr.Modulus));
        var bytes = new byte[4 + entries.Count * 44];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var at = bytes.AsSpan(4 + 44 * i);
            BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)entries[i].Matrix);
            BinaryPrimitives.WriteUInt32LittleEndian(at[4..], (uint)entries[i].Row);
            BinaryPrimitives.WriteUInt32LittleEndian(at[8..], (uint)entries[i].Signal);
            (entries[i].Value * rSquared).ToCanonicalLimbs().WriteLittleEndian(at[12..]);
        }
        return bytes;
    }

    private static JacobianPoint<T> Times<T>(JacobianPoint<T> point, Fr value) where T : struct, IFieldElement<T>
    {
        var positive = ScalarMultiplication.Naf(value);
        var negative = ScalarMultiplication.Naf(-value);
        if (Math.Min(positive.Length, negative.Length) > 128) return ScalarMultiplication.Multiply(point, value); // a large coefficient: GLV on G1
        return positive.Length <= negative.Length
            ? ScalarMultiplication.Multiply(point, positive)
            : ScalarMultiplication.Multiply(point, negative).Negate();
    }

    private static List<QapTerm>[] Lists(int count) => Enumerable.Range(0, count).Select(_ => new List<QapTerm>()).ToArray();

    private static void Add(List<QapTerm>[] matrix, List<QapTerm>[] all, QapTerm term, int wire)
    {
        matrix[wire].Add(term);
        all[wire].Add(term);
    }
}
