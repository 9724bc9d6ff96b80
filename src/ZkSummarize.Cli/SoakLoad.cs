using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>What became of one request of a soak.</summary>
internal sealed class SoakRequest
{
    public const string Summary = "summary", Refused503 = "refused 503", Refused429 = "refused 429", FailedAfterPayment = "failed after payment",
        ReceiptProblem = "receipt problem", Error = "error";

    public required int Client { get; init; }

    /// <summary>The escrow's request id, known once the client sends its payment (null: nothing was sent, so nothing can have been charged).</summary>
    public string? RequestId { get; set; }

    public string Outcome { get; set; } = Error;

    public string? Detail { get; set; }

    public StageSample? Stages { get; set; }

    /// <summary>Seconds since the soak started, when the request ended.</summary>
    public double EndedAt { get; set; }
}

/// <summary>
/// Holds paying clients against a node for a duration: each buys one summary after another, waits out a
/// refusal as Retry-After asks (within the duration), and every request's fate is recorded for the report
/// and for the money audit.
/// </summary>
internal sealed class SoakLoad(HttpClient http, Uri gateway, SolanaRpcClient rpc, string text, int sentences)
{
    /// <summary>After an error, a client pauses this long so that a failing node is not hammered.</summary>
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<SoakRequest> _done = new();
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private int _inFlight;

    public IReadOnlyCollection<SoakRequest> Done => _done;

    public int InFlight => Volatile.Read(ref _inFlight);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Runs the clients until <paramref name="duration"/> has passed; requests under way then are finished, not cut.</summary>
    public Task RunAsync(IReadOnlyList<SoakClient> clients, TimeSpan duration, CancellationToken ct)
    {
        _clock.Start();
        return Task.WhenAll(clients.Select(c => Task.Run(() => ClientAsync(c, duration, ct), ct)));
    }

    private async Task ClientAsync(SoakClient client, TimeSpan duration, CancellationToken ct)
    {
        while (_clock.Elapsed < duration)
        {
            var request = new SoakRequest { Client = client.Index };
            Interlocked.Increment(ref _inFlight);
            TimeSpan pause;
            try
            {
                pause = await BuyAsync(client, request, ct);
            }
            finally
            {
                request.EndedAt = _clock.Elapsed.TotalSeconds;
                _done.Enqueue(request);
                Interlocked.Decrement(ref _inFlight);
            }
            var left = duration - _clock.Elapsed;
            if (pause > left) pause = left;
            if (pause > TimeSpan.Zero) await Task.Delay(pause, ct);
        }
    }

    /// <summary>One purchase; returns how long the client pauses before the next.</summary>
    private async Task<TimeSpan> BuyAsync(SoakClient client, SoakRequest request, CancellationToken ct)
    {
        try
        {
            var result = await SummaryPurchase.BuyAsync(http, gateway, text, sentences, "escrow", rpc, client.Key, ct,
                paying: accepted => request.RequestId = ExtraFields.Text(accepted.Extra!["requestId"]));
            if (result.Answer is null)
            {
                (request.Outcome, request.Detail) = (SoakRequest.FailedAfterPayment, $"{(int)result.Status}: {result.Error}");
                return ErrorPause;
            }
            if (!result.Verified)
            {
                (request.Outcome, request.Detail) = (SoakRequest.ReceiptProblem, string.Join("; ", result.ReceiptProblems));
                return ErrorPause;
            }
            request.Stages = await StageSample.ReadAsync(http, gateway, result, ct);
            request.Outcome = SoakRequest.Summary;
            return TimeSpan.Zero;
        }
        catch (NodeRefusedException e)
        {
            (request.Outcome, request.Detail) = (e.Status == HttpStatusCode.TooManyRequests ? SoakRequest.Refused429 : SoakRequest.Refused503, e.Detail);
            return e.RetryAfter is { } asked && asked > ErrorPause ? asked : ErrorPause;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or InvalidOperationException or SolanaRpcException or IOException
            or JsonException or X402FormatException or FormatException)
        {
            (request.Outcome, request.Detail) = (SoakRequest.Error, $"{e.GetType().Name}: {e.Message}");
            return ErrorPause;
        }
    }
}
