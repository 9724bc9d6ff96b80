using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Testing;

namespace ZkSummarize.Crypto.Tests;

/// <summary>Our prover on snarkjs's key and witness: snarkjs must accept our proofs, and so must we.</summary>
public sealed class Groth16ProverTests
{
    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "vectors", "groth16", name));

    private static readonly ProvingKey Key = SnarkjsBinary.ReadZkey(Vector("toy.zkey"));

    [Fact]
    public void The_zkey_holds_the_same_verifying_key_as_snarkjs_exported()
    {
        var exported = SnarkjsJson.ReadVerifyingKey(System.Text.Encoding.UTF8.GetString(Vector("verification_key.json")));
        Assert.Equal(SolanaEncoding.EncodeVerifyingKey(exported), SolanaEncoding.EncodeVerifyingKey(Key.VerifyingKey));
        Assert.Equal(4, Key.PublicInputCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Snarkjs_and_our_verifier_accept_our_proofs(int n)
    {
        var witness = SnarkjsBinary.ReadWitness(Vector($"witness{n}.wtns"));
        var proof = Groth16Prover.Prove(Key, witness);
        var inputs = witness.Skip(1).Take(Key.PublicInputCount).ToArray();
        Assert.True(Groth16Verifier.Verify(Key.VerifyingKey, inputs, proof));

        var dir = Directory.CreateTempSubdirectory("zks-groth16-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "proof.json"), SnarkjsJson.WriteProof(proof), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "public.json"), SnarkjsJson.WritePublicInputs(inputs), TestContext.Current.CancellationToken);
            File.WriteAllBytes(Path.Combine(dir.FullName, "vk.json"), Vector("verification_key.json"));
            var snarkjs = RepoPaths.Combine("tests", "js", "crypto", "node_modules", "snarkjs", "build", "cli.cjs");
            var result = await NodeScript.RunAsync(snarkjs, ["groth16", "verify", Path.Combine(dir.FullName, "vk.json"), Path.Combine(dir.FullName, "public.json"), Path.Combine(dir.FullName, "proof.json")],
                cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(result.ExitCode == 0 && result.StandardOutput.Contains("OK!", StringComparison.Ordinal), result.StandardOutput + result.StandardError);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Proofs_are_randomised_and_a_wrong_witness_gives_a_proof_that_fails()
    {
        var witness = SnarkjsBinary.ReadWitness(Vector("witness1.wtns"));
        var inputs = witness.Skip(1).Take(4).ToArray();
        var first = Groth16Prover.Prove(Key, witness);
        var second = Groth16Prover.Prove(Key, witness);
        Assert.False(first.A.SamePointAs(second.A));

        var wrong = (Fr[])witness.Clone();
        wrong[^1] += Fr.One; // a private signal that no longer satisfies the constraints
        Assert.False(Groth16Verifier.Verify(Key.VerifyingKey, inputs, Groth16Prover.Prove(Key, wrong)));
        Assert.Throws<ArgumentException>(() => Groth16Prover.Prove(Key, witness.Take(3).ToArray()));
    }

    [Fact]
    public void Msm_equals_the_sum_of_scalar_multiplications()
    {
        var random = new Random(7);
        var points = Enumerable.Range(1, 70).Select(i => G1.Generator.Multiply(i * 1_000_003)).ToArray();
        var scalars = points.Select(_ => Fr.FromBigInteger(new System.Numerics.BigInteger(random.NextInt64()) * random.NextInt64() * random.NextInt64() * random.NextInt64())).ToArray();
        var expected = JacobianPoint<Fq>.Infinity;
        for (var i = 0; i < points.Length; i++) expected = expected.Add(points[i].Multiply(scalars[i].ToBigInteger()));
        Assert.True(Msm.Compute<Fq>(points, scalars).SamePointAs(expected));
    }

    [Fact]
    public void Msm_is_exact_at_the_edges_of_signed_digits_and_affine_buckets()
    {
        // Scalars whose windows sit at 2^(c−1) (every digit carries), all ones (carries run through every
        // window), r − 1 (the top window), and repeated and opposite points (doubling and cancellation
        // inside one bucket), in both groups.
        var r = Fr.Modulus;
        System.Numerics.BigInteger[] edges =
        [
            r - 1, r - 2, 1, 2, System.Numerics.BigInteger.Pow(2, 253), System.Numerics.BigInteger.Pow(2, 253) - 1,
            Repeat(0x80), Repeat(0xFF) % r, Repeat(0x40), Repeat(0x7F), Repeat(0x55),
        ];
        var scalars = Enumerable.Range(0, 120).Select(i => Fr.FromBigInteger(edges[i % edges.Length] + i / edges.Length)).ToArray();
        var g1 = Enumerable.Range(0, scalars.Length).Select(i => G1.Generator.Multiply(i % 7 + 1)).ToArray(); // each point about 17 times
        g1[5] = g1[4].Negate();
        var g2 = Enumerable.Range(0, scalars.Length).Select(i => G2.Generator.Multiply(i % 5 + 1)).ToArray();
        g2[9] = g2[8].Negate();
        Assert.True(Msm.Compute<Fq>(g1, scalars).SamePointAs(Naive(g1, scalars)));
        Assert.True(Msm.Compute<Fq2>(g2, scalars).SamePointAs(Naive(g2, scalars)));

        static System.Numerics.BigInteger Repeat(byte b) => new System.Numerics.BigInteger(Enumerable.Repeat(b, 32).Append((byte)0).ToArray()) % Fr.Modulus;

        static JacobianPoint<T> Naive<T>(JacobianPoint<T>[] points, Fr[] scalars) where T : struct, IFieldElement<T>
        {
            var sum = JacobianPoint<T>.Infinity;
            for (var i = 0; i < points.Length; i++) sum = sum.Add(points[i].Multiply(scalars[i].ToBigInteger()));
            return sum;
        }
    }

    [Fact]
    public void Ntt_round_trips_and_evaluates_polynomials()
    {
        var coefficients = Enumerable.Range(1, 8).Select(i => Fr.FromUInt64((ulong)(i * i + 3))).ToArray();
        var values = (Fr[])coefficients.Clone();
        Ntt.Forward(values);
        var omega = Ntt.RootOfUnity(3);
        var x = omega.Pow(5);
        var direct = Fr.Zero;
        for (var i = coefficients.Length - 1; i >= 0; i--) direct = direct * x + coefficients[i];
        Assert.Equal(direct, values[5]);
        Ntt.Inverse(values);
        Assert.Equal(coefficients, values);
    }

    [Fact]
    public void Files_of_the_wrong_kind_are_refused()
    {
        Assert.Throws<FormatException>(() => SnarkjsBinary.ReadZkey(Vector("witness1.wtns")));
        Assert.Throws<FormatException>(() => SnarkjsBinary.ReadWitness(Vector("toy.zkey")));
        Assert.Throws<FormatException>(() => SnarkjsBinary.ReadZkey(Vector("toy.zkey")[..100]));
    }

    [Fact]
    public void Coordinates_and_witness_values_at_or_above_their_modulus_are_refused_not_reduced()
    {
        // α₁'s x, as the .zkey stores it (Montgomery form, little-endian), replaced by p itself.
        var zkey = Vector("toy.zkey");
        var x = Key.Alpha1.ToAffine()!.Value.X;
        var stored = LittleEndian((x.ToBigInteger() << 256) % Fq.Modulus);
        var at = zkey.AsSpan().IndexOf(stored);
        Assert.True(at > 0);
        LittleEndian(Fq.Modulus).CopyTo(zkey, at);
        Assert.Contains("not below the base field's modulus", Assert.Throws<FormatException>(() => SnarkjsBinary.ReadZkey(zkey)).Message, StringComparison.Ordinal);

        // The last witness value replaced by r.
        var wtns = Vector("witness1.wtns");
        LittleEndian(Fr.Modulus).CopyTo(wtns, wtns.Length - 32);
        Assert.Contains("not below r", Assert.Throws<FormatException>(() => SnarkjsBinary.ReadWitness(wtns)).Message, StringComparison.Ordinal);

        static byte[] LittleEndian(System.Numerics.BigInteger value)
        {
            var bytes = new byte[32];
            value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
            return bytes;
        }
    }
}
