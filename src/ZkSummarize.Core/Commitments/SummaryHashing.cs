using ZkSummarize.Crypto.Bn254;
using ZkSummarize.Crypto.Hashing;

namespace ZkSummarize.Core.Commitments;

/// <summary>
/// The one definition of summaryHash (docs/commitments.md §5), for the prover, the receipt check and the
/// on-chain attestation alike: hₖ with h₀ = requestId and hᵢ = Poseidon(hᵢ₋₁, leafᵢ), then
/// summaryHash = Poseidon(hₖ, k). The program receives hₖ and finishes it with the count it was paid for.
/// </summary>
public static class SummaryHashing
{
    /// <summary>hₖ: the request id chained with the chosen leaves, in order.</summary>
    public static Fr Chain(Fr requestId, IEnumerable<Fr> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var chain = requestId;
        foreach (var leaf in leaves) chain = Poseidon.Hash(chain, leaf);
        return chain;
    }

    /// <summary>summaryHash = Poseidon(hₖ, k): the count closes the chain, so a summary cannot be shortened or extended.</summary>
    public static Fr Finish(Fr chain, int count) => Poseidon.Hash(chain, Fr.FromUInt64((ulong)count));

    public static Fr Of(Fr requestId, IReadOnlyList<Fr> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        return Finish(Chain(requestId, leaves), leaves.Count);
    }
}
