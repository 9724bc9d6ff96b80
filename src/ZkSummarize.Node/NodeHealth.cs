using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Node;

/// <summary>
/// Liveness and readiness, for load balancers, orchestrators and gRPC clients alike: /healthz answers while
/// the process serves requests; /readyz (and grpc.health.v1) also checks what a paid request needs: the
/// chain RPC, the job storage and the Orleans cluster. Each check says what failed and what to look at.
/// </summary>
public static class NodeHealth
{
    /// <summary>The tag of the checks readiness runs (liveness runs none: a live process answers).</summary>
    public const string Ready = "ready";

    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddNodeHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ChainRpcHealthCheck>("chain", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready], timeout: CheckTimeout);
        // grpc.health.v1: the overall service ("") reports the readiness checks.
        services.AddGrpcHealthChecks(o => o.Services.Map("", r => r.Tags.Contains(Ready)));
        return services;
    }

    public static void MapNodeHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithMetadata(ServedOn.Both).ExcludeFromDescription();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .WithMetadata(ServedOn.Both).ExcludeFromDescription();
        app.MapGrpcHealthChecksService();
    }

    // {"status":"Unhealthy","checks":{"chain":{"status":"Unhealthy","description":"…"}}}: what failed and why, not only a word.
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), http.RequestAborted);
    }
}

/// <summary>The chain RPC answers, and with the network the node was configured for.</summary>
public sealed class ChainRpcHealthCheck(SolanaRpcClient rpc, IOptions<NodeOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        try
        {
            var slot = await rpc.GetSlotAsync(cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy($"{o.RpcUrl} is at slot {slot}.");
        }
        catch (Exception e) when (e is HttpRequestException or SolanaRpcException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The chain RPC {o.RpcUrl} does not answer ({e.Message}); payments cannot be settled. Check Node:RpcUrl and that the RPC node is up.");
        }
    }
}

/// <summary>The job store takes writes: the state folder (File) or the PostgreSQL database (PostgreSql).</summary>
public sealed class StorageHealthCheck(IOptions<NodeOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (o.Clustered)
        {
            try
            {
                await using var connection = new NpgsqlConnection(o.PostgresConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy("PostgreSQL answers.");
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy($"PostgreSQL does not answer ({e.Message}); jobs cannot be stored. Check Node:PostgresConnectionString and the database.");
            }
        }
        // Paid jobs are written here: a full or read-only disk must make the node unready, not lose a job.
        var probe = Path.Combine(o.StateFolder, $".health-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(o.StateFolder);
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy($"{o.StateFolder} takes writes.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"The state folder {o.StateFolder} takes no writes ({e.Message}); jobs cannot be stored. Check Node:StateFolder, its permissions and free space.");
        }
    }
}

/// <summary>The Orleans cluster answers a call and has active silos.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
            return HealthCheckResult.Healthy($"{silos.Count} active silo(s).");
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The Orleans cluster does not answer ({e.Message}). Check the other nodes and Node:Storage.");
        }
    }
}
