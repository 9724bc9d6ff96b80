using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ZkSummarize.Crypto.Bn254;

namespace ZkSummarize.Crypto.Hashing;

/// <summary>
/// Poseidon over BN254's scalar field with circomlib's parameters and constants: circomlib's
/// <c>Poseidon(2)</c>, which equals Solana's <c>sol_poseidon</c> (Bn254X5) on two inputs. x^5 S-box,
/// 8 full rounds and 57 partial rounds for width 3; the constants are circomlibjs's, exported by
/// tests/js/crypto/export-poseidon-constants.mjs into an embedded resource.
/// </summary>
public static class Poseidon
{
    private const int Width = 3;
    private static readonly Lazy<(Fr[] RoundConstants, Fr[,] Mds, int FullRounds, int PartialRounds)> Parameters = new(Load);

    /// <summary>Poseidon(a, b): a Merkle node of two children, or one link of a hash chain.</summary>
    public static Fr Hash(Fr a, Fr b)
    {
        var (c, m, fullRounds, partialRounds) = Parameters.Value;
        Span<Fr> state = [Fr.Zero, a, b];
        Span<Fr> mixed = stackalloc Fr[Width];
        for (var round = 0; round < fullRounds + partialRounds; round++)
        {
            for (var i = 0; i < Width; i++) state[i] += c[round * Width + i];
            var full = round < fullRounds / 2 || round >= fullRounds / 2 + partialRounds;
            if (full)
            {
                for (var i = 0; i < Width; i++) state[i] = state[i].Pow5();
            }
            else
            {
                state[0] = state[0].Pow5();
            }
            for (var i = 0; i < Width; i++)
            {
                var sum = Fr.Zero;
                for (var j = 0; j < Width; j++) sum += m[i, j] * state[j];
                mixed[i] = sum;
            }
            mixed.CopyTo(state);
        }
        return state[0];
    }

    private static (Fr[], Fr[,], int, int) Load()
    {
        using var stream = typeof(Poseidon).Assembly.GetManifestResourceStream("poseidon-t3.json")
            ?? throw new InvalidOperationException("The Poseidon constants resource is missing from ZkSummarize.Crypto.");
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var constants = root.GetProperty("roundConstants").EnumerateArray().Select(e => Parse(e.GetString()!)).ToArray();
        var mds = new Fr[Width, Width];
        var rows = root.GetProperty("mds").EnumerateArray().ToArray();
        for (var i = 0; i < Width; i++)
        {
            var row = rows[i].EnumerateArray().ToArray();
            for (var j = 0; j < Width; j++) mds[i, j] = Parse(row[j].GetString()!);
        }
        var fullRounds = root.GetProperty("fullRounds").GetInt32();
        var partialRounds = root.GetProperty("partialRounds").GetInt32();
        if (constants.Length != Width * (fullRounds + partialRounds)) throw new InvalidOperationException("The Poseidon constants resource is inconsistent.");
        return (constants, mds, fullRounds, partialRounds);
    }

    private static Fr Parse(string hex) =>
        Fr.FromBigInteger(BigInteger.Parse("0" + hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
}
