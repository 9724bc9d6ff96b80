using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node;

/// <summary>
/// Anyone can ask for a price, and each ask stores a quote, so unpaid requests are limited per client
/// address (a fixed window of a minute); a request that carries a payment is never limited.
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
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem($"More than {perMinute} unpaid requests a minute from this address. Pay for the summary (PAYMENT-SIGNATURE) or try again in a minute.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(Policy, http => http.Request.Headers.ContainsKey(X402Headers.PaymentSignature)
                ? RateLimitPartition.GetNoLimiter("paid")
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
}
