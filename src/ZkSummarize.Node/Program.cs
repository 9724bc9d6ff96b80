using Microsoft.AspNetCore.Server.Kestrel.Core;
using Orleans.Dashboard;
using Scalar.AspNetCore;
using ZkSummarize.Grains.Workers;
using ZkSummarize.Node;
using ZkSummarize.Node.Mcp;
using ZkSummarize.Summarization;
using ZkSummarize.Summarization.Learned;

// A proof's parallel loops hold pool threads for seconds; enough of them up front keeps the RPC calls
// and grain turns of other jobs from waiting for the pool to grow.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 4 * Environment.ProcessorCount + 16), io);

var builder = WebApplication.CreateBuilder(args);
// The settings every node of a deployment shares (the chain, the program, the terms) can come from one
// file, as `zks cluster bootstrap` writes it; a node's own settings (environment, command line) win.
if (Environment.GetEnvironmentVariable("ZKS_NODE_SETTINGS") is { Length: > 0 } sharedSettings)
{
    var file = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = Path.GetFullPath(sharedSettings), Optional = false };
    file.ResolveFileProvider();
    var sources = builder.Configuration.Sources;
    var environment = sources.ToList().FindLastIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
    sources.Insert(environment < 0 ? sources.Count : environment, file);
}
var nodeOptions = builder.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
builder.Services.AddOptions<NodeOptions>().Bind(builder.Configuration.GetSection(NodeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<NodeOptions>, NodeOptionsValidator>();
builder.Services.AddOptions<AdmissionOptions>().Bind(builder.Configuration.GetSection(AdmissionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AdmissionOptions>, AdmissionOptionsValidator>();
builder.Services.AddOpenApi();
// Numbers are numbers: "sentences": "3" is refused, and the OpenAPI document types it as an integer, not string-or-integer.
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
builder.Services.AddProblemDetails();  // RFC 9457 bodies for every error, including the framework's own (404, 405, 500)
builder.Services.AddGrpc();
builder.Services.AddGrpcReflection();  // grpcurl and other generic clients list and call the service without the .proto
builder.Services.AddNodeHealth();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ISummarizer>(new LearnedSummarizer()); // the embedded default, with the shipped weights
builder.Services.AddSummarySales();
builder.Services.AddSummaryMcp();

builder.UseOrleans(silo =>
{
    NodeSilo.Configure(silo, nodeOptions);
    silo.AddDashboard();
});
builder.Services.AddNodeTelemetry();

// Three listeners: without TLS, HTTP/1.1 (x402 clients) and HTTP/2 (gRPC) cannot be negotiated on one port;
// the operators' pages (dashboard, metrics) have their own, on loopback unless the operator says otherwise.
var listeners = new List<(string Name, ListenOptions Options)>();
ListenOptions management = null!;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(NodeEndpoints.Resolve(nodeOptions.HttpUrl!), l => { l.Protocols = HttpProtocols.Http1; listeners.Add(("HTTP API", l)); });
    kestrel.Listen(NodeEndpoints.Resolve(nodeOptions.GrpcUrl!), l => { l.Protocols = HttpProtocols.Http2; listeners.Add(("gRPC", l)); });
    kestrel.Listen(NodeEndpoints.Resolve(nodeOptions.ManagementUrl!), l => { l.Protocols = HttpProtocols.Http1; listeners.Add(("Management", management = l)); });
});

var app = builder.Build();
await NodeServices.CheckNetworkAsync(app.Services, CancellationToken.None);
_ = app.Services.GetService<GroundingWork>(); // make the proving key and fail now, not at the first paid request, if proving is misconfigured
await NodeServices.ReportCircuitsAsync(app.Services, CancellationToken.None);
app.UseForwardedClientAddresses(nodeOptions.KnownProxies);
app.UseExceptionHandler();        // an unhandled error is a 500 problem without the exception's details
app.UseStatusCodePages();         // a bare 404/405/415 gets a problem body too
app.UseRouting();
app.UseManagementPort(() => management);
app.MapOpenApi();                 // /openapi/v1.json
app.MapScalarApiReference();      // /scalar: a browsable page of the API
app.MapNodeStatus();
app.MapNodeHealth();              // /healthz, /readyz, grpc.health.v1
app.MapReceiptPage(nodeOptions.ReceiptPageFolder); // /receipt/: check a receipt in the browser
app.MapPrometheusScrapingEndpoint().OnManagementPort();                 // /metrics
app.MapOrleansDashboard(routePrefix: "/dashboard").OnManagementPort();  // grains, silos, calls
if (nodeOptions.IsGateway)
{
    app.MapSummaryEndpoints();
    app.MapFacilitatorEndpoints();
    app.MapGrpcService<SummariesServiceV2>();
    app.MapGrpcService<SummariesService>(); // zksummarize.v1, deprecated: kept until clients have moved to v2
    app.MapGrpcReflectionService();
    app.MapSummaryMcp();  // /mcp: the same sale as an MCP tool, for agents
}
await app.StartAsync();
foreach (var (name, listener) in listeners) app.Logger.LogInformation("{Name}: http://{EndPoint}", name, listener.IPEndPoint);
await app.WaitForShutdownAsync();
