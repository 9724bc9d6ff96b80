using System.Buffers.Binary;
using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Tests;

/// <summary>
/// The .zkey read from its file as the proof goes (what `zks groth16 prove` does) against the key held
/// in memory (what a worker node does): the same proof for the same blinding factors, and a damaged file
/// refused with a message, never a crash or a proof.
/// </summary>
public sealed class StreamedZkeyTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("zks-zkey-");

    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", name));

    private static readonly byte[] Zkey = Vector("toy.zkey");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.zkey");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_streamed_key_gives_the_same_proof_as_the_key_in_memory(int n)
    {
        var witness = SnarkjsBinary.ReadWitness(Vector($"witness{n}.wtns"));
        var inMemory = SnarkjsBinary.ReadZkey(Zkey);
        var (r, s) = (Fr.FromUInt64(0x1234_5678_9ABC), Fr.FromBigInteger(Fr.Modulus - 12345));
        using var streamed = SnarkjsBinary.OpenZkey(Write(Zkey));

        var expected = Groth16Prover.Prove(inMemory, witness, r, s);
        var proof = Groth16Prover.Prove(streamed, witness, r, s);
        Assert.True(proof.A.SamePointAs(expected.A) && proof.B.SamePointAs(expected.B) && proof.C.SamePointAs(expected.C));
        Assert.True(Groth16Verifier.Verify(inMemory.VerifyingKey, witness.Skip(1).Take(streamed.PublicInputCount).ToArray(), Groth16Prover.Prove(streamed, witness)));
        Assert.Equal((inMemory.VariableCount, inMemory.PublicInputCount, inMemory.DomainSize), (streamed.VariableCount, streamed.PublicInputCount, streamed.DomainSize));
    }

    [Fact]
    public void A_truncated_key_is_refused_when_opened()
    {
        // Cut inside the last query section (H), inside the coefficients, and inside the section table.
        foreach (var length in new[] { Zkey.Length - 1, SectionData(Zkey, 4) + 10, 30 })
        {
            var error = Assert.Throws<FormatException>(() => SnarkjsBinary.OpenZkey(Write(Zkey[..length])).Dispose());
            Assert.Matches("truncated|runs past its end|missing", error.Message);
        }
        Assert.Throws<FormatException>(() => SnarkjsBinary.OpenZkey(Write(Vector("witness1.wtns"))).Dispose());
    }

    [Fact]
    public void A_section_shorter_than_its_points_is_refused_when_opened()
    {
        // The header states one more signal than the queries hold points for.
        var zkey = Zkey.ToArray();
        var signals = SectionData(zkey, 2) + 72;
        BinaryPrimitives.WriteUInt32LittleEndian(zkey.AsSpan(signals), BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(signals)) + 1);
        Assert.Contains("too few for its", Assert.Throws<FormatException>(() => SnarkjsBinary.OpenZkey(Write(zkey)).Dispose()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_coefficient_outside_the_matrices_is_refused_by_both_readers()
    {
        var witness = SnarkjsBinary.ReadWitness(Vector("witness1.wtns"));
        // The first coefficient's signal (after the count, its matrix and its row) set past the last signal.
        var zkey = Zkey.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(zkey.AsSpan(SectionData(zkey, 4) + 4 + 8), 1_000_000);
        Assert.Contains("lies outside", Assert.Throws<FormatException>(() => SnarkjsBinary.ReadZkey(zkey)).Message, StringComparison.Ordinal);
        using var streamed = SnarkjsBinary.OpenZkey(Write(zkey));
        Assert.Contains("lies outside", Assert.Throws<FormatException>(() => Groth16Prover.Prove(streamed, witness)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_coordinate_at_or_above_p_is_refused_while_proving()
    {
        var witness = SnarkjsBinary.ReadWitness(Vector("witness1.wtns"));
        // The last H point's x replaced by p: only the streamed reader's MSM reads it.
        var zkey = Zkey.ToArray();
        var modulus = new byte[32];
        Fq.Modulus.TryWriteBytes(modulus, out _, isUnsigned: true, isBigEndian: false);
        modulus.CopyTo(zkey, zkey.Length - SectionLength(zkey, 10) - 12 - 64);
        using var streamed = SnarkjsBinary.OpenZkey(Write(zkey));
        Assert.Contains("not below the base field's modulus", Assert.Throws<FormatException>(() => Groth16Prover.Prove(streamed, witness)).Message, StringComparison.Ordinal);
    }

    private static int SectionData(byte[] file, int type) => Section(file, type).Data;

    private static int SectionLength(byte[] file, int type) => Section(file, type).Length;

    private static (int Data, int Length) Section(byte[] file, int type)
    {
        for (var position = 12; position + 12 <= file.Length; position += 12 + (int)BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(position + 4)))
        {
            if (BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(position)) == type) return (position + 12, (int)BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(position + 4)));
        }
        throw new InvalidOperationException($"No section {type}.");
    }
}
