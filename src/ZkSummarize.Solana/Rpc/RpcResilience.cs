using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace ZkSummarize.Solana.Rpc;

/// <summary>
/// Retries with exponential backoff and jitter for transient HTTP failures (connection errors, 408, 429,
/// 5xx), a per-attempt timeout, and a total timeout. JSON-RPC errors arrive with HTTP 200 and are not
/// retried: they are answers, not failures.
/// </summary>
internal static class RpcResilience
{
    public static HttpRetryStrategyOptions Retry() => new()
    {
        MaxRetryAttempts = 4,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(200),
    };

    public static HttpClient CreateHttpClient()
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(TimeSpan.FromSeconds(60))
            .AddRetry(Retry())
            .AddTimeout(TimeSpan.FromSeconds(15))
            .Build();
        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() });
    }
}

/// <summary>Registers <see cref="SolanaRpcClient"/> with an HttpClient and the standard resilience handler.</summary>
public static class SolanaRpcServiceCollectionExtensions
{
    public static IServiceCollection AddSolanaRpc(this IServiceCollection services, Action<SolanaRpcOptions> configure)
    {
        services.AddOptions<SolanaRpcOptions>().Configure(configure);
        services.AddHttpClient(nameof(SolanaRpcClient))
            .AddTypedClient((http, sp) => new SolanaRpcClient(
                http,
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SolanaRpcOptions>>().Value,
                sp.GetService<Microsoft.Extensions.Logging.ILogger<SolanaRpcClient>>()))
            .AddStandardResilienceHandler(o =>
            {
                o.Retry = RpcResilience.Retry();
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(15);
            });
        return services;
    }
}
