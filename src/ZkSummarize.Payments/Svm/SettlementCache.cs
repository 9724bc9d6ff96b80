using System.Collections.Concurrent;

namespace ZkSummarize.Payments.Svm;

/// <summary>
/// Payments being settled or settled recently (scheme_exact_svm.md, "Duplicate Settlement Mitigation"):
/// the same transaction presented twice within the window is refused, so one payment buys one response.
/// 120 s is about twice a blockhash's life; after that the transaction cannot land anyway.
/// </summary>
public sealed class SettlementCache(TimeProvider time, TimeSpan? window = null)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TimeSpan _window = window ?? TimeSpan.FromSeconds(120);

    /// <summary>Claims the key; false if it was claimed within the window.</summary>
    public bool TryClaim(string key)
    {
        var now = time.GetUtcNow();
        foreach (var (k, at) in _seen)
        {
            if (now - at > _window) _seen.TryRemove(k, out _);
        }
        return _seen.TryAdd(key, now);
    }

    /// <summary>Releases a claim whose settlement failed before anything was sent, so the client can retry.</summary>
    public void Release(string key) => _seen.TryRemove(key, out _);
}
