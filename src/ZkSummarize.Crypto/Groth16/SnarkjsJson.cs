using System.Numerics;
using System.Text.Json.Nodes;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Groth16;

/// <summary>
/// snarkjs's JSON files: verification_key.json, proof.json and public.json. Points are projective
/// decimal strings, G2 coordinates as [real, imaginary].
/// </summary>
public static class SnarkjsJson
{
    /// <exception cref="FormatException">Not a snarkjs Groth16 BN254 verification key.</exception>
    public static VerifyingKey ReadVerifyingKey(string json) => Reading("verification_key.json", () =>
    {
        var root = Parse(json);
        RequireGroth16(root);
        var ic = (root["IC"] as JsonArray ?? throw new FormatException("verification_key.json has no IC array.")).Select(p => ReadG1(p)).ToArray();
        var key = new VerifyingKey(ReadG1(root["vk_alpha_1"]), ReadG2(root["vk_beta_2"]), ReadG2(root["vk_gamma_2"]), ReadG2(root["vk_delta_2"]), ic);
        if (root["nPublic"]?.GetValue<int>() is { } n && n != key.PublicInputCount)
        {
            throw new FormatException($"verification_key.json says nPublic = {n} but has {ic.Length} IC points.");
        }
        return key;
    });

    /// <exception cref="FormatException">Not a snarkjs Groth16 BN254 proof.</exception>
    public static Proof ReadProof(string json) => Reading("proof.json", () =>
    {
        var root = Parse(json);
        RequireGroth16(root);
        return new Proof(ReadG1(root["pi_a"]), ReadG2(root["pi_b"]), ReadG1(root["pi_c"]));
    });

    /// <exception cref="FormatException">Not an array of decimal field elements below r.</exception>
    public static IReadOnlyList<Fr> ReadPublicInputs(string json) => Reading<IReadOnlyList<Fr>>("public.json", () =>
    {
        var array = JsonNode.Parse(json) as JsonArray ?? throw new FormatException("public.json is not a JSON array.");
        return array.Select(v =>
        {
            var value = Integer(v);
            return value < Fr.Modulus ? Fr.FromBigInteger(value) : throw new FormatException($"The public input {value} is not below the scalar field modulus.");
        }).ToArray();
    });

    /// <summary>
    /// Malformed JSON, and a value of the wrong JSON type read where another was expected, as the
    /// FormatException the readers document (found by fuzzing: they escaped as JsonException, InvalidOperationException
    /// and ArgumentException).
    /// </summary>
    private static T Reading<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException) // ArgumentException: a name twice in one object
        {
            throw new FormatException($"The {file} is not valid: {e.Message}", e);
        }
    }

    public static string WriteProof(Proof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return new JsonObject
        {
            ["pi_a"] = G1Json(proof.A),
            ["pi_b"] = G2Json(proof.B),
            ["pi_c"] = G1Json(proof.C),
            ["protocol"] = "groth16",
            ["curve"] = "bn128",
        }.ToJsonString();
    }

    /// <summary>verification_key.json as snarkjs writes it (without vk_alphabeta_12, which its verifier does not read).</summary>
    public static string WriteVerifyingKey(VerifyingKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new JsonObject
        {
            ["protocol"] = "groth16",
            ["curve"] = "bn128",
            ["nPublic"] = key.PublicInputCount,
            ["vk_alpha_1"] = G1Json(key.Alpha),
            ["vk_beta_2"] = G2Json(key.Beta),
            ["vk_gamma_2"] = G2Json(key.Gamma),
            ["vk_delta_2"] = G2Json(key.Delta),
            ["IC"] = new JsonArray(key.IC.Select(p => (JsonNode)G1Json(p)).ToArray()),
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static string WritePublicInputs(IEnumerable<Fr> inputs) => new JsonArray(inputs.Select(i => (JsonNode)JsonValue.Create(i.ToString())).ToArray()).ToJsonString();

    private static JsonObject Parse(string json) => JsonNode.Parse(json) as JsonObject ?? throw new FormatException("Expected a JSON object.");

    private static void RequireGroth16(JsonObject root)
    {
        var protocol = root["protocol"]?.GetValue<string>();
        var curve = root["curve"]?.GetValue<string>();
        if (protocol != "groth16" || curve is not ("bn128" or "bn254"))
        {
            throw new FormatException($"Expected a Groth16 file on bn128, found protocol '{protocol}' on curve '{curve}'.");
        }
    }

    private static JacobianPoint<Fq> ReadG1(JsonNode? node)
    {
        var c = node is JsonArray { Count: 3 } g1 ? g1 : throw new FormatException("A G1 point is an array [x, y, z].");
        var point = new JacobianPoint<Fq>(Fq.FromBigInteger(InField(c[0])), Fq.FromBigInteger(InField(c[1])), Fq.FromBigInteger(InField(c[2])));
        // snarkjs writes z = 1 (or 0 for infinity); normalise so Z is 1.
        point = point.ToAffine() is var (x, y) ? JacobianPoint<Fq>.FromAffine(x, y) : JacobianPoint<Fq>.Infinity;
        return point.IsOnCurve(G1.B) ? point : throw new FormatException("A G1 point is not on the curve.");
    }

    private static JacobianPoint<Fq2> ReadG2(JsonNode? node)
    {
        var c = node is JsonArray { Count: 3 } g2 ? g2 : throw new FormatException("A G2 point is an array [[x0, x1], [y0, y1], [z0, z1]].");
        Fq2 Coordinate(JsonNode? pair) => pair is JsonArray { Count: 2 } p
            ? new Fq2(Fq.FromBigInteger(InField(p[0])), Fq.FromBigInteger(InField(p[1])))
            : throw new FormatException("A G2 coordinate is a pair [real, imaginary].");
        var point = new JacobianPoint<Fq2>(Coordinate(c[0]), Coordinate(c[1]), Coordinate(c[2]));
        point = point.ToAffine() is var (x, y) ? JacobianPoint<Fq2>.FromAffine(x, y) : JacobianPoint<Fq2>.Infinity;
        return point.IsOnCurve(G2.B) ? point : throw new FormatException("A G2 point is not on the twist.");
    }

    private static JsonArray G1Json(JacobianPoint<Fq> p) => p.ToAffine() is var (x, y)
        ? [x.ToString(), y.ToString(), "1"]
        : ["0", "1", "0"];

    private static JsonArray G2Json(JacobianPoint<Fq2> p) => p.ToAffine() is var (x, y)
        ? [new JsonArray(x.A.ToString(), x.B.ToString()), new JsonArray(y.A.ToString(), y.B.ToString()), new JsonArray("1", "0")]
        : [new JsonArray("0", "0"), new JsonArray("1", "0"), new JsonArray("0", "0")];

    private static BigInteger InField(JsonNode? node)
    {
        var value = Integer(node);
        return value < Fq.Modulus ? value : throw new FormatException($"The coordinate {value} is not below the base field modulus.");
    }

    private static BigInteger Integer(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && BigInteger.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Expected a decimal string, found {node?.ToJsonString() ?? "nothing"}.");
}
