using ModelContextProtocol.Protocol;

namespace ZkSummarize.Node.Mcp;

/// <summary>
/// The node's MCP server over Streamable HTTP at /mcp (gateways): summarize (paid with x402 in _meta) and
/// verify_receipt (free), for agents that buy tools over the Model Context Protocol.
/// </summary>
public static class McpEndpoints
{
    public const string Path = "/mcp";

    public static IServiceCollection AddSummaryMcp(this IServiceCollection services)
    {
        services.AddHttpContextAccessor(); // the tools charge unpaid calls to the caller's address, as the HTTP API does
        services.AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = "zksummarize", Title = "ZkSummarize", Version = typeof(McpEndpoints).Assembly.GetName().Version?.ToString() ?? "0" };
                o.ServerInstructions = "Proven, paid document summaries. summarize is paid with x402 (USDC on Solana): call it, pay one of the accepts it "
                    + "answers with, and call again with the PaymentPayload in _meta[\"x402/payment\"]. verify_receipt checks a receipt for free.";
            })
            // Stateless: every call stands alone, so any gateway behind a load balancer can answer it, and a
            // paid call's state lives where it always does, in the job grain.
            .WithHttpTransport(o => o.Stateless = true)
            .WithTools<SummarizeTool>()
            .WithTools<VerifyReceiptTool>();
        return services;
    }

    public static void MapSummaryMcp(this WebApplication app) => app.MapMcp(Path);
}
