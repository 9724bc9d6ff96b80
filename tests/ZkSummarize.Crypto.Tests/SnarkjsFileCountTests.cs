using System.Buffers.Binary;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Tests;

/// <summary>
/// Found by fuzzing (tests/ZkSummarize.Fuzz): a .zkey, .wtns or .r1cs that states more items than it holds
/// made the reader allocate arrays of that size first (OverflowException, or the process out of memory).
/// Every count is now checked against the bytes left for its items, and the file is refused.
/// </summary>
public sealed class SnarkjsFileCountTests
{
    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", name));

    /// <summary>Where a section's data starts in iden3's container (magic, version, count, then type/size/data).</summary>
    private static int SectionData(byte[] file, int type)
    {
        for (var position = 12; position + 12 <= file.Length; position += 12 + (int)BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(position + 4)))
        {
            if (BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(position)) == type) return position + 12;
        }
        throw new InvalidOperationException($"No section {type}.");
    }

    private static byte[] WithU32(byte[] file, int at, uint value)
    {
        var copy = file.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
        return copy;
    }

    [Theory]
    [InlineData(uint.MaxValue)]
    [InlineData(0x7FFF_FFFFu)]
    public void Counts_beyond_what_the_file_holds_are_refused_before_allocating(uint count)
    {
        static void Refused(Action read) => Assert.Contains("do not fit", Assert.Throws<FormatException>(read).Message, StringComparison.Ordinal);
        var zkey = Vector("toy.zkey");
        Refused(() => SnarkjsBinary.ReadZkey(WithU32(zkey, SectionData(zkey, 4), count)));           // QAP coefficients
        Refused(() => SnarkjsBinary.ReadZkey(WithU32(zkey, SectionData(zkey, 2) + 72 + 8, count)));  // domain size: H points
        var wtns = Vector("witness1.wtns");
        Refused(() => SnarkjsBinary.ReadWitness(WithU32(wtns, SectionData(wtns, 1) + 36, count)));
        var r1cs = Vector("toy.r1cs");
        Refused(() => R1cs.Read(WithU32(r1cs, SectionData(r1cs, 1) + 36 + 16 + 8, count)));        // constraints
        Refused(() => R1cs.Read(WithU32(r1cs, SectionData(r1cs, 2), count)));                      // terms of the first combination
    }
}
