using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.Settlement;

namespace ZkSummarize.Grains.Sales;

/// <summary>A member of the grounding family and the verifying key the network's config holds for it.</summary>
/// <param name="VerifyingKeyHash">SHA-256 of the key's 768-byte layout, lowercase hex: what an escrow is opened under.</param>
[GenerateSerializer, Immutable]
public sealed record CircuitOffer([property: Id(0)] string Circuit, [property: Id(1)] string VerifyingKeyHash)
{
    // A method, not a property: job state is stored as JSON, which must hold the name, never the member's table entry.
    public GroundingCircuit Member() => GroundingFamily.Find(Circuit) ?? throw new InvalidOperationException($"{Circuit} is not a member of the grounding family.");
}

/// <summary>
/// Which grounding circuit proves a job: the smallest member that fits the document and the summary among
/// those the network has a current key for (one config slot per member, docs/onchain.md) and this node's
/// workers prove (<paramref name="provenHere"/>); development keys only where no sound key is offered. The config is read again at most every <see cref="RefreshInterval"/>,
/// so an admin's new key is offered without a restart; a quote made under a key the admin has just replaced
/// is refused by the program when the client opens it (VerifyingKeyNotCurrent), and nothing moves.
/// </summary>
/// <param name="provenHere">Whether this node's workers can prove a member under a key (Node:Circuits and, on a worker node, its proving keys).</param>
public sealed class CircuitChoice(IJobChain chain, Func<CircuitOffer, bool> provenHere, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    // Concurrent quotes may both read an expired cache: two reads of one account cost less than a lock.
    private volatile CachedOffers? _cached;

    private sealed record CachedOffers(IReadOnlyList<CircuitOffer> Offers, DateTimeOffset ReadAt);

    /// <summary>The members this node offers now, smallest first.</summary>
    /// <exception cref="ChainUnavailableException">The chain could not be asked.</exception>
    public async Task<IReadOnlyList<CircuitOffer>> AvailableAsync(CancellationToken cancellationToken = default)
    {
        if (_cached is { } fresh && time.GetUtcNow() - fresh.ReadAt < RefreshInterval) return fresh.Offers;
        var slots = await chain.CurrentVerifyingKeysAsync(cancellationToken);
        var offers = GroundingFamily.Members
            .Where(m => m.KeySlot < slots.Count && slots[m.KeySlot] is not null)
            .Select(m => new CircuitOffer(m.Name, slots[m.KeySlot]!))
            .Where(provenHere)
            .ToArray();
        // Never a downgrade: where a sound key is offered, a development key (whose proofs anyone can forge) is not,
        // so a client never gets a forgeable receipt because its document was small.
        if (offers.Any(o => !Forgeable(o))) offers = offers.Where(o => !Forgeable(o)).ToArray();
        // Nothing offered is not kept: a network set up after the node started is offered at once.
        _cached = offers.Length > 0 ? new CachedOffers(offers, time.GetUtcNow()) : null;
        return offers;
    }

    private static bool Forgeable(CircuitOffer offer) => TrustedKeys.Find(offer.VerifyingKeyHash) is { Forgeable: true };

    /// <summary>The smallest offered member that proves a summary of <paramref name="summarySentences"/> sentences of a document of <paramref name="documentSentences"/>.</summary>
    /// <exception cref="GroundingException">No offered member fits (or none is offered); the message says what would.</exception>
    /// <exception cref="ChainUnavailableException">The chain could not be asked.</exception>
    public async Task<CircuitOffer> ChooseAsync(int documentSentences, int summarySentences, CancellationToken cancellationToken = default)
    {
        var offers = await AvailableAsync(cancellationToken);
        if (offers.Count == 0)
        {
            throw new GroundingException("The network offers no grounding circuit this node proves: the program's config holds no key for one (zks network init), or Node:Circuits leaves them all out.");
        }
        var member = GroundingFamily.Select(documentSentences, summarySentences, offers.Select(o => o.Member()));
        return offers.First(o => o.Member() == member);
    }
}
