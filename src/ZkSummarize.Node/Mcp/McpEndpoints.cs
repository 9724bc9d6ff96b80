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

    public static void MapSummaryMcp(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Path, StringComparison.Ordinal) && HttpMethods.IsPost(http.Request.Method),
            branch => branch.Use(RefuseStringsThatAreNotTextAsync));
        app.MapMcp(Path);
    }

    /// <summary>
    /// A JSON-RPC message holding a string that is not text (an escaped lone surrogate such as "\ud800": valid JSON)
    /// made the MCP SDK fail deep in its handler with "An error occurred." (-32603): it is a parse error, said so.
    /// </summary>
    private static async Task RefuseStringsThatAreNotTextAsync(HttpContext http, RequestDelegate next)
    {
        http.Request.EnableBuffering();
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        http.Request.Body.Position = 0;
        if (Solana.JsonText.HoldsOnlyText(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await http.Response.WriteAsJsonAsync(new System.Text.Json.Nodes.JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = null,
            ["error"] = new System.Text.Json.Nodes.JsonObject
            {
                ["code"] = -32700,
                ["message"] = "A string in the request is not valid UTF-8 or UTF-16 text: it has an escaped lone surrogate, such as \\ud800 without its pair. Send text.",
            },
        }, http.RequestAborted);
    }
}
