using System.Collections.Concurrent;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Grains.Sales;

namespace ZkSummarize.Grains.Workers;

/// <summary>The job asks for a circuit or key this worker has no proving key for: it cannot prove the job.</summary>
public sealed class NoProvingKeyException : Exception
{
    public NoProvingKeyException() { }

    public NoProvingKeyException(string message) : base(message) { }

    public NoProvingKeyException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// A worker's provers, one per grounding circuit it proves, found by the verifying key a job names. A key
/// read from a file is ready at once; a development key (made from its public seed, seconds of CPU) is made
/// the first time a job needs it, once, so a node does not pay for members its network never quotes.
/// </summary>
public sealed class GroundingProvers : IDisposable
{
    private readonly ConcurrentDictionary<string, (GroundingCircuit Circuit, Lazy<GroundingProver> Prover)> _byKeyHash = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The key hash of a prover's verifying key, as configs, escrows and receipts name it.</summary>
    public static string KeyHashOf(GroundingProver prover)
    {
        ArgumentNullException.ThrowIfNull(prover);
        return Receipt.Hash(SolanaEncoding.EncodeVerifyingKey(prover.VerifyingKey));
    }

    /// <summary>Adds a prover whose key is loaded; returns its key hash.</summary>
    public string Add(GroundingProver prover)
    {
        var hash = KeyHashOf(prover);
        _byKeyHash[hash] = (prover.Circuit, new Lazy<GroundingProver>(prover));
        return hash;
    }

    /// <summary>Adds a prover made on first use, whose verifying key must hash to <paramref name="keyHash"/> (checked when it is made).</summary>
    public void AddDeferred(GroundingCircuit circuit, string keyHash, Func<GroundingProver> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _byKeyHash[keyHash] = (circuit, new Lazy<GroundingProver>(() =>
        {
            var prover = create();
            var made = KeyHashOf(prover);
            if (!string.Equals(made, keyHash, StringComparison.OrdinalIgnoreCase))
            {
                prover.Dispose();
                throw new InvalidOperationException($"The key made for {circuit.Name} hashes to {made}, not the expected {keyHash}: its circuit files (circuits/build) are not the ones its key was made for. Rebuild them with circuits/build.sh.");
            }
            return prover;
        }));
    }

    /// <summary>Whether a job under this circuit and key can be proven here.</summary>
    public bool Proves(CircuitOffer offer) =>
        offer is not null && _byKeyHash.TryGetValue(offer.VerifyingKeyHash, out var entry) && entry.Circuit.Name == offer.Circuit;

    /// <summary>Every circuit proven here, with its key hash.</summary>
    public IReadOnlyList<CircuitOffer> Offers => _byKeyHash.Select(p => new CircuitOffer(p.Value.Circuit.Name, p.Key)).OrderBy(o => o.Member().Depth).ToArray();

    /// <summary>The prover for <paramref name="offer"/>; null asks for the full circuit's (a job from before the family).</summary>
    /// <exception cref="NoProvingKeyException">This worker has no proving key for it.</exception>
    public GroundingProver For(CircuitOffer? offer)
    {
        if (offer is null)
        {
            var full = _byKeyHash.Values.FirstOrDefault(e => e.Circuit == GroundingFamily.Full);
            return full.Prover?.Value ?? throw new NoProvingKeyException("This worker has no proving key for the full grounding circuit.");
        }
        if (!Proves(offer))
        {
            throw new NoProvingKeyException($"This worker has no proving key for {offer.Circuit} under verifying key {offer.VerifyingKeyHash}; "
                + $"it proves {string.Join(", ", Offers.Select(o => $"{o.Circuit} ({o.VerifyingKeyHash[..16]}…)"))}. Give it that key (Node:Zkeys:{offer.Circuit}).");
        }
        return _byKeyHash[offer.VerifyingKeyHash].Prover.Value;
    }

    public void Dispose()
    {
        foreach (var (_, prover) in _byKeyHash.Values)
        {
            if (prover.IsValueCreated) prover.Value.Dispose();
        }
    }
}
