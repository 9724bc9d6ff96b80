using System.Security.Cryptography;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Crypto.Ceremony;

/// <summary>The outcome of re-verifying the project's committed ceremony.</summary>
/// <param name="VerifyingKeySha256">SHA-256 of the verifying key in the alt_bn128 layout (768 bytes): what the program pins.</param>
public sealed record CommittedCeremonyResult(CeremonyReport PhaseOne, CeremonyReport? PhaseTwo, string? Failure, byte[]? VerifyingKeySha256)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// The project's own ceremony as committed under circuits/ceremony: the final phase-1 file (without the
/// phase-2 sections, which anyone can recompute), the final proving key, and circuits/verification_key.json
/// exported from it. Verifying it re-checks both phases against the circuit and that the committed
/// verification key is the proving key's.
/// </summary>
public static class CommittedCeremony
{
    public const string PtauFileName = "pot16_final.ptau";
    public const string ZkeyFileName = "grounding_final.zkey";
    public const string VerificationKeyFileName = "verification_key.json";

    /// <param name="circuitsFolder">The repository's circuits folder (holding ceremony/ and verification_key.json).</param>
    /// <param name="r1csPath">The compiled grounding circuit (circuits/build/grounding.r1cs).</param>
    /// <param name="recomputeCircuitHash">Also rebuild the initial key to compare the circuit hash (a minute or two more).</param>
    public static async Task<CommittedCeremonyResult> VerifyAsync(string circuitsFolder, string r1csPath, bool recomputeCircuitHash, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(circuitsFolder);
        var ceremony = Path.Combine(circuitsFolder, "ceremony");
        var ptau = PtauFile.Read(await File.ReadAllBytesAsync(Path.Combine(ceremony, PtauFileName), cancellationToken));
        var zkey = ZkeyFile.Read(await File.ReadAllBytesAsync(Path.Combine(ceremony, ZkeyFileName), cancellationToken));
        var r1cs = R1cs.Read(await File.ReadAllBytesAsync(r1csPath, cancellationToken));
        var committedJson = await File.ReadAllTextAsync(Path.Combine(circuitsFolder, VerificationKeyFileName), cancellationToken);

        var phaseOne = await Task.Run(() => PowersOfTauVerifier.Verify(ptau, progress, cancellationToken), cancellationToken);
        if (!phaseOne.IsValid) return new(phaseOne, null, $"Phase 1 ({PtauFileName}): {phaseOne.Failure}", null);
        var phaseTwo = await Task.Run(() => PhaseTwoVerifier.Verify(r1cs, ptau, zkey, recomputeCircuitHash, progress, cancellationToken), cancellationToken);
        if (!phaseTwo.IsValid) return new(phaseOne, phaseTwo, $"Phase 2 ({ZkeyFileName}): {phaseTwo.Failure}", null);
        if (VerificationKeyExport.Json(zkey) != committedJson)
        {
            return new(phaseOne, phaseTwo, $"circuits/{VerificationKeyFileName} is not the verification key of {ZkeyFileName}: export it again with `zks ceremony export-vk`.", null);
        }
        var hash = SHA256.HashData(SolanaEncoding.EncodeVerifyingKey(VerificationKeyExport.VerifyingKey(zkey)));
        return new(phaseOne, phaseTwo, null, hash);
    }
}
