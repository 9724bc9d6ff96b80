using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ZkSummarize.Node;

/// <summary>Endpoint metadata: which listener serves an endpoint. Endpoints without it are <see cref="Public"/>.</summary>
public enum ServedOn
{
    /// <summary>The HTTP API (and the gRPC port): what clients use.</summary>
    Public,

    /// <summary>Only the management listener (Node:ManagementUrl): the dashboard and the metrics, for operators.</summary>
    Management,

    /// <summary>Both: the health endpoints, which load balancers and operators alike ask.</summary>
    Both,
}

/// <summary>
/// Keeps the operators' pages (the Orleans dashboard, /metrics) off the public API: they are served only on
/// the management listener, which defaults to loopback, and the public routes only on the others. A request
/// for a route on the wrong listener gets 404, as if the route did not exist there.
/// </summary>
public static class ManagementPort
{
    /// <summary>Marks endpoints as management-only and leaves them out of the OpenAPI document.</summary>
    public static TBuilder OnManagementPort<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ServedOn.Management).ExcludeFromDescription();

    /// <param name="listener">The management listener, read per request: Kestrel makes it when it is configured, and port 0 is bound only at start.</param>
    public static IApplicationBuilder UseManagementPort(this IApplicationBuilder app, Func<ListenOptions> listener) =>
        app.Use((http, next) =>
        {
            var onManagement = http.Connection.LocalPort == listener().IPEndPoint!.Port;
            var servedOn = http.GetEndpoint()?.Metadata.OfType<ServedOn>().LastOrDefault() ?? ServedOn.Public;
            var allowed = servedOn == ServedOn.Both || (servedOn == ServedOn.Management) == onManagement;
            if (allowed) return next(http);
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
}
