using System.Globalization;
using System.Net;

namespace ZkSummarize.Cli;

/// <summary>
/// The node refused before anything was paid: 503 (too busy to prove more in time: admission) or 429 (too
/// many unpaid requests), with the time it asks the client to wait (Retry-After), when it gave one.
/// </summary>
internal sealed class NodeRefusedException : InvalidOperationException
{
    public NodeRefusedException() { }

    public NodeRefusedException(string message) : base(message) { }

    public NodeRefusedException(string message, Exception inner) : base(message, inner) { }

    public NodeRefusedException(HttpStatusCode status, TimeSpan? retryAfter, string detail)
        : base($"The node answered {(int)status} ({(status == HttpStatusCode.TooManyRequests ? "too many requests" : "too busy")}) before anything was paid: {detail}")
        => (Status, RetryAfter, Detail) = (status, retryAfter, detail);

    public HttpStatusCode Status { get; } = HttpStatusCode.ServiceUnavailable;

    public TimeSpan? RetryAfter { get; }

    public string Detail { get; } = "";

    /// <summary>Throws when <paramref name="response"/> is a refusal a client should wait out (503, 429).</summary>
    public static async Task ThrowIfRefusedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)) return;
        var header = response.Headers.RetryAfter;
        var retryAfter = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        throw new NodeRefusedException(response.StatusCode, retryAfter, PurchaseResult.ErrorIn(await response.Content.ReadAsStringAsync(ct)));
    }
}

/// <summary>
/// How a client waits out a busy node: it waits what Retry-After asks (at least a second, 5 s when the node
/// names no time) and asks again, until the waits would pass <paramref name="MaxWait"/> in all. It only ever
/// waits before paying: a refusal means nothing was charged.
/// </summary>
/// <param name="Waiting">Told of each wait before it starts: the refusal, how long, which attempt, and the time waited so far.</param>
internal sealed record BusyRetry(TimeSpan MaxWait, Action<NodeRefusedException, TimeSpan, int, TimeSpan>? Waiting = null)
{
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1), Unnamed = TimeSpan.FromSeconds(5);

    /// <exception cref="NodeRefusedException">Still refused when the next wait would pass <see cref="MaxWait"/>.</exception>
    public async Task<T> RunAsync<T>(Func<Task<T>> attempt, CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt();
            }
            catch (NodeRefusedException e)
            {
                var delay = e.RetryAfter is { } asked ? (asked < Shortest ? Shortest : asked) : Unnamed;
                if (waited + delay > MaxWait)
                {
                    throw new NodeRefusedException(e.Status, e.RetryAfter,
                        $"{e.Detail} Asked {tries} time(s) over {waited.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s; the next wait ({delay.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s) would pass --max-wait ({MaxWait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s). Nothing was paid; try again later or raise --max-wait.");
                }
                Waiting?.Invoke(e, delay, tries, waited);
                await Task.Delay(delay, ct);
                waited += delay;
            }
        }
    }
}
