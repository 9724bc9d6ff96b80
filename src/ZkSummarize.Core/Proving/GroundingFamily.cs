using ZkSummarize.Core.Commitments;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;

namespace ZkSummarize.Core.Proving;

/// <summary>
/// A member of the grounding family (circuits/README.md): the same statement and public inputs as every
/// other member, for documents of at most 2^<see cref="Depth"/> sentences and summaries of at most
/// <see cref="Slots"/> sentences. The commitment does not depend on the member: docRoot is always the
/// root of the depth-12 tree (a smaller member lifts its subtree root to it with zero siblings).
/// </summary>
/// <param name="Name">The circuit's file name in circuits/ (without .circom) and in circuits/build.</param>
/// <param name="KeySlot">The slot of the program's config that holds this member's verifying key.</param>
/// <param name="DevelopmentSeed">The public seed of its development key (<see cref="DevelopmentSetup"/>): anyone can forge proofs under it.</param>
/// <param name="CeremonyKeyHash">SHA-256 of its ceremony key's 768-byte layout, or null when it has none (then it is usable only on our dev chain).</param>
public sealed record GroundingCircuit(string Name, int Depth, int Slots, byte KeySlot, string DevelopmentSeed, string? CeremonyKeyHash)
{
    /// <summary>The most sentences a document it proves may have.</summary>
    public int MaxSentences => 1 << Depth;

    /// <summary>Whether it can prove a summary of <paramref name="summarySentences"/> sentences of a document of <paramref name="documentSentences"/>.</summary>
    public bool Fits(int documentSentences, int summarySentences) =>
        documentSentences is >= 1 && documentSentences <= MaxSentences && summarySentences >= 1 && summarySentences <= Slots;

    /// <summary>Its constraint system in a circuits/build folder.</summary>
    public string R1csPath(string buildFolder) => Path.Combine(buildFolder, $"{Name}.r1cs");

    /// <summary>Its witness calculator in a circuits/build folder.</summary>
    public string WasmPath(string buildFolder) => Path.Combine(buildFolder, $"{Name}_js", $"{Name}.wasm");

    /// <summary>Its development key's verification key, committed in circuits/ (tests rebuild the key from the seed and compare).</summary>
    public string DevelopmentVerificationKeyFile => Name == "grounding" ? "verification_key.dev.json" : $"verification_key.{Name}.dev.json";

    /// <summary>Its ceremony key's verification key in circuits/ (exported from <see cref="CeremonyZkeyFile"/>), when it has one.</summary>
    public string CeremonyVerificationKeyFile => Name == "grounding" ? "verification_key.json" : $"verification_key.{Name}.json";

    /// <summary>Its ceremony's final proving key in circuits/ceremony, when it has one.</summary>
    public string CeremonyZkeyFile => $"{Name}_final.zkey";

    /// <summary>Its development key from its public seed (seconds: about 7 s for the largest member on 2 cores).</summary>
    public ProvingKey CreateDevelopmentKey(string buildFolder, IProgress<string>? progress = null) =>
        DevelopmentSetup.Create(R1cs.Read(File.ReadAllBytes(R1csPath(buildFolder))), DevelopmentSeed, progress);

    public override string ToString() => $"{Name} (depth {Depth}: up to {MaxSentences:N0} sentences, {Slots} summary sentences)";
}

/// <summary>
/// The grounding family, in one place: which circuits exist, what they hold, where their files and keys
/// are. The members were chosen from the BBC articles' sizes (circuits/README.md): a news article fits
/// the smallest, a 100 KB document the middle one, and the full circuit takes everything else.
/// </summary>
public static class GroundingFamily
{
    /// <summary>News articles (99.7 % of the BBC set has at most 64 sentences) with summaries of up to 4 sentences: 8,528 constraints, a 2^14 domain.</summary>
    public static GroundingCircuit News { get; } = new("grounding_d6k4", Depth: 6, Slots: 4, KeySlot: 1,
        "zksummarize grounding development key v1 grounding_d6k4", CeremonyKeyHash: "bb3fb98b744631714a1e766f7f347cd273effde3439a5b8514262b6e0af92e05");

    /// <summary>Documents of up to 1,024 sentences (a 100 KB document has about 820) with summaries of up to 8: 22,252 constraints, a 2^15 domain.</summary>
    public static GroundingCircuit Long { get; } = new("grounding_d10k8", Depth: 10, Slots: 8, KeySlot: 2,
        "zksummarize grounding development key v1 grounding_d10k8", CeremonyKeyHash: "fed6fa7f1f2f205e5a7fbe60fce54a32166fca80f5fc0a16a9d62afcb2e328b4");

    /// <summary>
    /// The full circuit (circuits/grounding.circom): every provable document and summary, 51,128 constraints.
    /// Its development seed and ceremony key are the ones it had before the family existed.
    /// </summary>
    public static GroundingCircuit Full { get; } = new("grounding", Depth: CommitmentLimits.TreeDepth, Slots: CommitmentLimits.MaxSummarySentences, KeySlot: 0,
        GroundingProver.DevelopmentSeed, CeremonyKeyHash: "ffb9c576f18bdcbc72481667d74424373c57678b8c4c9bbe443609106ca38e3f");

    /// <summary>Every member, smallest first.</summary>
    public static IReadOnlyList<GroundingCircuit> Members { get; } = [News, Long, Full];

    /// <summary>The member of this name, or null.</summary>
    public static GroundingCircuit? Find(string name) => Members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The smallest member that fits a summary of <paramref name="summarySentences"/> sentences of a document
    /// of <paramref name="documentSentences"/>, among <paramref name="available"/> (the members the network has
    /// a key for; all of them when null). Members are compared by size (depth, then slots), not by list order.
    /// </summary>
    /// <exception cref="GroundingException">No available member fits; the message says what would.</exception>
    public static GroundingCircuit Select(int documentSentences, int summarySentences, IEnumerable<GroundingCircuit>? available = null)
    {
        var candidates = (available ?? Members).ToArray();
        var fitting = candidates.Where(m => m.Fits(documentSentences, summarySentences))
            .OrderBy(m => m.Depth).ThenBy(m => m.Slots).FirstOrDefault();
        if (fitting is not null) return fitting;
        if (candidates.Length == 0) throw new GroundingException("No grounding circuit is available (the network has no verifying key for any member).");
        throw new GroundingException(
            $"No available grounding circuit proves a summary of {summarySentences} sentences of a document of {documentSentences:N0} sentences; "
            + $"available: {string.Join("; ", candidates.Select(m => m.ToString()))}. Shorten the document or the summary.");
    }
}
