using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using ZkSummarize.Node;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Summarization;
using ZkSummarize.Summarization.Extractive;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOpenApi();
builder.Services.AddOptions<NodeOptions>().Bind(builder.Configuration.GetSection(NodeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(sp => SolanaRpcClient.Create(sp.GetRequiredService<IOptions<NodeOptions>>().Value.RpcUrl!));
builder.Services.AddSingleton(sp =>
{
    var o = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
    return new SvmFacilitator(sp.GetRequiredService<SolanaRpcClient>(), Keypair.LoadSolanaKeygenFile(o.FeePayerKeypair), o.Network,
        logger: sp.GetRequiredService<ILogger<SvmFacilitator>>());
});
builder.Services.AddSingleton<ISummarizer, TextRankSummarizer>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PaidResponses>();
if (!string.IsNullOrEmpty(builder.Configuration[$"{NodeOptions.Section}:{nameof(NodeOptions.ProgramId)}"]))
{
    builder.Services.AddSingleton(EscrowSetup.Create);
}

var app = builder.Build();
_ = app.Services.GetService<EscrowServices>(); // fail at startup, not at the first request, if escrow is misconfigured
app.MapOpenApi();                 // /openapi/v1.json
app.MapScalarApiReference();      // /scalar: a browsable page of the API
app.MapSummaryEndpoints();
app.Run();
