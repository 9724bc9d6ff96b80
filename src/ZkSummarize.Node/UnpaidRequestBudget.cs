using System.Threading.RateLimiting;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node;

/// <summary>
/// What one client address may cost the node a minute without paying (docs/security.md): every unpaid
/// request (a 402 issues and stores a quote; /verify and /settle simulate; a gRPC Quote) and every refused
/// payment (garbage in PAYMENT-SIGNATURE made a quote, a clock RPC and a commitment too) draws on one fixed
/// window. Over it, everything from that address gets 429 with Retry-After until the window is over;
/// within it, paying is never limited.
/// </summary>
public sealed class UnpaidRequestBudget(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _windows = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public int PerMinute => perMinute;

    /// <summary>Takes one unpaid request from the address's budget; false when it is spent.</summary>
    public bool TryTake(string address)
    {
        using var lease = _windows.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    /// <summary>Whether the address has spent its budget for this minute.</summary>
    public bool Spent(string address) => _windows.GetStatistics(address) is { CurrentAvailablePermits: <= 0 };

    /// <summary>A refused payment costs what an unpaid request does.</summary>
    public void Refused(string address) => TryTake(address);

    public string Message => $"More than {perMinute} unpaid requests or refused payments a minute from this address; try again in a minute.";

    public void Dispose() => _windows.Dispose();

    public static string AddressOf(HttpContext http) => http?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>
/// The budget on HTTP endpoints: an unpaid request takes from it, a paid request from an address that spent
/// it is refused before any work, and a paid request whose payment was refused (402, 400, 409) is charged.
/// </summary>
public sealed class UnpaidRequestFilter(UnpaidRequestBudget budget) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var address = UnpaidRequestBudget.AddressOf(http);
        var paid = http.Request.Headers.ContainsKey(X402Headers.PaymentSignature) && http.Request.Path.StartsWithSegments("/v1/summaries", StringComparison.Ordinal);
        if (paid ? budget.Spent(address) : !budget.TryTake(address))
        {
            http.Response.Headers.RetryAfter = "60";
            return Results.Problem(paid ? budget.Message : $"{budget.Message} Pay for the summary (PAYMENT-SIGNATURE) to go on.", statusCode: StatusCodes.Status429TooManyRequests);
        }
        var result = await next(context);
        if (paid && result is IStatusCodeHttpResult { StatusCode: 400 or 402 or 409 }) budget.Refused(address);
        return result;
    }
}

public static class ForwardedClientAddresses
{
    /// <summary>
    /// Behind the given reverse proxies, the client's address is the one they forward (X-Forwarded-For);
    /// from anyone else the header is ignored. ASP.NET trusts loopback by default, so the defaults are cleared.
    /// </summary>
    public static IApplicationBuilder UseForwardedClientAddresses(this IApplicationBuilder app, IReadOnlyCollection<string> knownProxies)
    {
        if (knownProxies.Count == 0) return app;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in knownProxies) options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        return app.UseForwardedHeaders(options);
    }
}
