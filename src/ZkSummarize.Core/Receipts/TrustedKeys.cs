using System.Reflection;
using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Groth16;

namespace ZkSummarize.Core.Receipts;

/// <summary>A verifying key of a grounding circuit that this software knows, in the program's 768-byte layout.</summary>
/// <param name="Forgeable">Its setup's secrets are public, so proofs under it prove nothing.</param>
/// <param name="Circuit">The member of the grounding family it verifies; null for a key a verifier pins by hand (zks verify --trust-key), whose circuit this software cannot tell.</param>
public sealed record PinnedKey(string Name, bool Forgeable, byte[] Key, GroundingCircuit? Circuit = null)
{
    /// <summary>SHA-256 of the key's bytes, hex: what the program's config, escrows and attestations and every receipt name it by.</summary>
    public string Hash { get; } = Receipt.Hash(Key);

    public VerifyingKey Decoded => SolanaEncoding.DecodeVerifyingKey(Key);
}

/// <summary>
/// The keys a verifier accepts, and where (circuits/README.md, docs/security.md). A proof is only as sound
/// as its setup: the development key's secrets come from a public seed, so it is accepted only on our
/// dev chain, and even there a receipt under it is reported as forgeable. Verifiers check a receipt with
/// the key pinned here for its network, never with a key the receipt (or a node) supplies.
/// </summary>
public static class TrustedKeys
{
    /// <summary>Our dev chain's CAIP-2 id: its genesis hash is base58(SHA-256("zksummarize-devchain")) (src/devchain/server.mjs).</summary>
    public const string DevChainNetwork = "solana:7GYt8r3J9g3f1sjcB4mv8h82WKYg6DXh";

    /// <summary>The full circuit's development key (circuits/verification_key.dev.json): seeded from a public string, for tests and the dev chain only.</summary>
    public static PinnedKey Development { get; } = LoadDevelopment(GroundingFamily.Full);

    /// <summary>
    /// The project's ceremony key of the full circuit (circuits/verification_key.json, made by the ceremony in
    /// circuits/ceremony): sound if at least one contributor of each phase was honest. Its hash is pinned in the README.
    /// </summary>
    public static PinnedKey Ceremony { get; } = LoadCeremony(GroundingFamily.Full);

    /// <summary>The ceremony key of every member that has had its phase 2 (circuits/ceremony/TRANSCRIPT.md), the full circuit's first.</summary>
    public static IReadOnlyList<PinnedKey> CeremonyKeys { get; } =
        [Ceremony, .. GroundingFamily.Members.Where(m => m != GroundingFamily.Full && m.CeremonyKeyHash is not null).Select(LoadCeremony)];

    /// <summary>Every member's development key, the full circuit's first (circuits/verification_key.*.dev.json).</summary>
    public static IReadOnlyList<PinnedKey> DevelopmentKeys { get; } =
        [Development, .. GroundingFamily.Members.Where(m => m != GroundingFamily.Full).Select(LoadDevelopment)];

    public static IReadOnlyList<PinnedKey> All { get; } = [.. CeremonyKeys, .. DevelopmentKeys];

    public static PinnedKey? Find(string hash) => All.FirstOrDefault(k => string.Equals(k.Hash, hash, StringComparison.OrdinalIgnoreCase));

    /// <summary>The keys accepted for receipts and proofs of <paramref name="network"/>: the development key only on our dev chain.</summary>
    public static IReadOnlyList<PinnedKey> PinnedFor(string network) =>
        All.Where(k => !k.Forgeable || network == DevChainNetwork).ToArray();

    /// <summary>The development key of <paramref name="circuit"/>, which a dev chain's config holds in its slot.</summary>
    public static PinnedKey DevelopmentKeyOf(GroundingCircuit circuit) => DevelopmentKeys.Single(k => k.Circuit == circuit);

    /// <summary>The ceremony key of <paramref name="circuit"/>, or null when it has had no ceremony.</summary>
    public static PinnedKey? CeremonyKeyOf(GroundingCircuit circuit) => CeremonyKeys.FirstOrDefault(k => k.Circuit == circuit);

    /// <summary>
    /// The key a new network's config gets for <paramref name="circuit"/> unless its admin names one: the project's ceremony key,
    /// else on a dev chain the development key, else none (the member stays unoffered rather than forgeable).
    /// </summary>
    public static PinnedKey? DefaultKeyOf(GroundingCircuit circuit, bool devChain) =>
        CeremonyKeyOf(circuit) ?? (devChain ? DevelopmentKeyOf(circuit) : null);

    // The committed verification key must be the one GroundingFamily pins: a swapped file fails here, not in a verifier.
    private static PinnedKey LoadCeremony(GroundingCircuit circuit)
    {
        var key = Load(circuit.CeremonyVerificationKeyFile, circuit == GroundingFamily.Full
            ? "the ZkSummarize ceremony key (circuits/ceremony: sound if one contributor of each phase was honest)"
            : $"the ZkSummarize ceremony key of {circuit.Name} (circuits/ceremony: sound if one contributor of each phase was honest)", forgeable: false, circuit);
        if (key.Hash != circuit.CeremonyKeyHash)
        {
            throw new InvalidOperationException($"circuits/{circuit.CeremonyVerificationKeyFile} hashes to {key.Hash}, not the {circuit.CeremonyKeyHash} GroundingFamily pins for {circuit.Name}.");
        }
        return key;
    }

    private static PinnedKey LoadDevelopment(GroundingCircuit circuit) => Load(circuit.DevelopmentVerificationKeyFile,
        circuit == GroundingFamily.Full
            ? "the development key (its secrets come from a public seed: anyone can forge proofs under it)"
            : $"the development key of {circuit.Name} (its secrets come from a public seed: anyone can forge proofs under it)",
        forgeable: true, circuit);

    private static PinnedKey Load(string resource, string name, bool forgeable, GroundingCircuit circuit)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The build did not embed {resource} from circuits/.");
        using var reader = new StreamReader(stream);
        return new PinnedKey(name, forgeable, SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(reader.ReadToEnd())), circuit);
    }
}
