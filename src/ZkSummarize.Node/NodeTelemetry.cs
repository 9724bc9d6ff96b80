using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ZkSummarize.Grains;

namespace ZkSummarize.Node;

/// <summary>
/// OpenTelemetry for operators: metrics (jobs by stage, proving time, payments, fees earned, failures;
/// HTTP server and client, which includes the Solana RPC calls and their errors; Orleans) for Prometheus
/// at /metrics, and traces to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class NodeTelemetry
{
    public static IServiceCollection AddNodeTelemetry(this IServiceCollection services)
    {
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(JobMetrics.MeterName, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }
        return services;
    }
}
