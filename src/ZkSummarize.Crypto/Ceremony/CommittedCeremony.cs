using System.Security.Cryptography;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>One circuit's committed phase-2 key: the final .zkey under circuits/ceremony and the verification key exported from it under circuits/.</summary>
/// <param name="Circuit">The circuit's name: its r1cs is circuits/build/{Circuit}.r1cs.</param>
public sealed record CommittedKey(string Circuit, string ZkeyFileName, string VerificationKeyFileName);

/// <summary>One circuit's phase 2 re-verified.</summary>
/// <param name="VerifyingKeySha256">SHA-256 of the verifying key in the alt_bn128 layout (768 bytes): what the program pins.</param>
public sealed record CommittedKeyResult(CommittedKey Key, CeremonyReport PhaseTwo, string? Failure, byte[]? VerifyingKeySha256);

/// <summary>The outcome of re-verifying the project's committed ceremony: phase 1, then each circuit's phase 2 (none if phase 1 failed).</summary>
public sealed record CommittedCeremonyResult(CeremonyReport PhaseOne, IReadOnlyList<CommittedKeyResult> Keys, string? Failure)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// The project's own ceremony as committed under circuits/ceremony: the final phase-1 file (without the
/// phase-2 sections, which anyone can recompute), and for each grounding circuit that has had its phase 2
/// the final proving key, with the verification key exported from it in circuits/. Verifying it re-checks
/// phase 1, each phase 2 against its circuit, and that each committed verification key is its proving key's.
/// </summary>
public static class CommittedCeremony
{
    public const string PtauFileName = "pot16_final.ptau";

    /// <summary>The full grounding circuit's verification key, the one the README pins.</summary>
    public const string VerificationKeyFileName = "verification_key.json";

    /// <summary>Every circuit with a committed phase 2, the full one first (circuits/ceremony/TRANSCRIPT.md).</summary>
    public static IReadOnlyList<CommittedKey> Keys { get; } =
    [
        new("grounding", "grounding_final.zkey", VerificationKeyFileName),
        new("grounding_d6k4", "grounding_d6k4_final.zkey", "verification_key.grounding_d6k4.json"),
        new("grounding_d10k8", "grounding_d10k8_final.zkey", "verification_key.grounding_d10k8.json"),
    ];

    /// <param name="circuitsFolder">The repository's circuits folder (holding ceremony/, build/ with each circuit's r1cs, and the verification keys).</param>
    /// <param name="keys">The circuits to verify (default: <see cref="Keys"/>).</param>
    /// <param name="recomputeCircuitHash">Also rebuild each initial key to compare the circuit hash (a minute or two more each).</param>
    public static async Task<CommittedCeremonyResult> VerifyAsync(string circuitsFolder, bool recomputeCircuitHash, IReadOnlyList<CommittedKey>? keys = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(circuitsFolder);
        var ceremony = Path.Combine(circuitsFolder, "ceremony");
        var ptau = PtauFile.Read(await File.ReadAllBytesAsync(Path.Combine(ceremony, PtauFileName), cancellationToken));
        var phaseOne = await Task.Run(() => PowersOfTauVerifier.Verify(ptau, progress, cancellationToken), cancellationToken);
        if (!phaseOne.IsValid) return new(phaseOne, [], $"Phase 1 ({PtauFileName}): {phaseOne.Failure}");
        var results = new List<CommittedKeyResult>();
        foreach (var key in keys ?? Keys)
        {
            var result = await VerifyPhaseTwoAsync(circuitsFolder, ptau, key, recomputeCircuitHash, progress, cancellationToken);
            results.Add(result);
            if (result.Failure is { } failure) return new(phaseOne, results, failure);
        }
        return new(phaseOne, results, null);
    }

    private static async Task<CommittedKeyResult> VerifyPhaseTwoAsync(string circuitsFolder, PtauFile ptau, CommittedKey key, bool recomputeCircuitHash, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var zkey = ZkeyFile.Read(await File.ReadAllBytesAsync(Path.Combine(circuitsFolder, "ceremony", key.ZkeyFileName), cancellationToken));
        var r1cs = R1cs.Read(await File.ReadAllBytesAsync(Path.Combine(circuitsFolder, "build", $"{key.Circuit}.r1cs"), cancellationToken));
        var committedJson = await File.ReadAllTextAsync(Path.Combine(circuitsFolder, key.VerificationKeyFileName), cancellationToken);
        var phaseTwo = await Task.Run(() => PhaseTwoVerifier.Verify(r1cs, ptau, zkey, recomputeCircuitHash, progress, cancellationToken), cancellationToken);
        if (!phaseTwo.IsValid) return new(key, phaseTwo, $"Phase 2 of {key.Circuit} ({key.ZkeyFileName}): {phaseTwo.Failure}", null);
        if (VerificationKeyExport.Json(zkey) != committedJson)
        {
            return new(key, phaseTwo, $"circuits/{key.VerificationKeyFileName} is not the verification key of {key.ZkeyFileName}: export it again with `zks ceremony export-vk`.", null);
        }
        return new(key, phaseTwo, null, SHA256.HashData(SolanaEncoding.EncodeVerifyingKey(VerificationKeyExport.VerifyingKey(zkey))));
    }
}
