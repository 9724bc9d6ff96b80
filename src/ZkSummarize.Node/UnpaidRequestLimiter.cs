using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node;

/// <summary>
/// Anyone can ask for a price, and each ask stores a quote, so asking is limited per client address (a
/// fixed window of a minute): HTTP requests without a payment, gRPC Quote calls and the facilitator's
/// /verify and /settle (a simulation, a fee) share the budget. A request for a summary that carries a
/// payment is never limited.
/// </summary>
public static class UnpaidRequestLimiter
{
    public const string Policy = "unpaid-requests";

    public static IServiceCollection AddUnpaidRequestLimiter(this IServiceCollection services, int perMinute) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.HttpContext.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
                {
                    // gRPC reads its status from trailers-only responses: RESOURCE_EXHAUSTED (8).
                    context.HttpContext.Response.StatusCode = StatusCodes.Status200OK;
                    context.HttpContext.Response.ContentType = "application/grpc";
                    context.HttpContext.Response.Headers["grpc-status"] = "8";
                    context.HttpContext.Response.Headers["grpc-message"] = Uri.EscapeDataString($"More than {perMinute} quotes a minute from this address; try again in a minute.");
                    return;
                }
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem($"More than {perMinute} unpaid requests a minute from this address. Pay for the summary (PAYMENT-SIGNATURE) or try again in a minute.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(Policy, http => AsksForAPrice(http.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("paid"));
        });

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

    private static bool AsksForAPrice(HttpRequest request) =>
        request.Path.StartsWithSegments("/zksummarize.v1.Summaries/Quote", StringComparison.Ordinal)
        || request.Path.StartsWithSegments("/verify", StringComparison.Ordinal) || request.Path.StartsWithSegments("/settle", StringComparison.Ordinal)
        || (request.Path.StartsWithSegments("/v1/summaries", StringComparison.Ordinal) && !request.Headers.ContainsKey(X402Headers.PaymentSignature));
}
