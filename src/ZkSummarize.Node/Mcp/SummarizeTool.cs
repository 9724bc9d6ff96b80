using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node.Mcp;

/// <summary>The paid answer of the summarize tool: the HTTP API's answer, and where a person can check its receipt.</summary>
public sealed record McpSummary(SummaryResponse Summary, string? ReceiptPage);

/// <summary>
/// The paid MCP tool <c>summarize</c>: the same sale as POST /v1/summaries, through <see cref="PaidSummaries"/>
/// (quotes, both schemes, payment ids, the duplicate rule, who may read) and the same per-address budget
/// of unpaid requests, with x402 carried in <c>_meta</c> (<see cref="X402Mcp"/>).
/// </summary>
[McpServerToolType]
public sealed class SummarizeTool(PaidSummaries summaries, UnpaidRequestBudget budget, IHttpContextAccessor http)
{
    public const string Name = "summarize";

    [McpServerTool(Name = Name, Title = "Buy a proven summary", Destructive = false, Idempotent = false, OpenWorld = true, ReadOnly = false)]
    [Description("Buys an extractive summary of a document, paid in USDC on Solana with x402, with a zero-knowledge proof (Groth16) that every summary "
        + "sentence is a sentence of the document, attested on chain. Call it without payment to get x402 PaymentRequired (isError, structuredContent); "
        + "call again with the same arguments and an x402 PaymentPayload for one of its accepts in _meta[\"x402/payment\"]. The answer holds the sentences, "
        + "the receipt (check it with verify_receipt or the receipt page) and, in _meta[\"x402/payment-response\"], the settlement.")]
    public async Task<CallToolResult> SummarizeAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The document's text.")] string text,
        [Description("How many sentences the summary has, 1 to 16; the node's default when left out.")] int? sentences = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await SellAsync(context, text, sentences, cancellationToken);
        }
        catch (NodeBusyException busy)
        {
            // Before anything is quoted or paid, as HTTP's 503: the agent comes back after the time the message names.
            return X402Mcp.Error(busy.Message);
        }
    }

    private async Task<CallToolResult> SellAsync(RequestContext<CallToolRequestParams> context, string text, int? sentences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = http.HttpContext?.Request;
        var address = UnpaidRequestBudget.AddressOf(http.HttpContext!);
        string? payment, malformed = null;
        try
        {
            payment = X402Mcp.PaymentHeader(context.Params?.Meta);
        }
        catch (X402FormatException e)
        {
            (payment, malformed) = (null, $"{e.Reason}: {e.Message}");
        }
        // As over HTTP: a call without a usable payment takes from the address's budget; a paid call from an
        // address that spent it is refused before any work.
        if (payment is null ? !budget.TryTake(address) : budget.Spent(address))
        {
            return X402Mcp.Error(payment is null ? $"{budget.Message} Pay for the summary (_meta[\"{X402Mcp.PaymentKey}\"]) to go on." : budget.Message);
        }
        var (order, problem) = await summaries.PrepareAsync(text, sentences, cancellationToken);
        if (order is null) return X402Mcp.Error(problem!.Message);
        if (payment is null)
        {
            return X402Mcp.PaymentRequired(await summaries.RequirementsAsync(order, Resource, malformed ?? $"_meta[\"{X402Mcp.PaymentKey}\"] is required: pay with one of accepts"));
        }

        var purchase = await summaries.BuyAsync(order, payment, cancellationToken);
        if (purchase.Problem is { } refused)
        {
            budget.Refused(address); // a refused payment costs what an unpaid request does
            return refused.Status == StatusCodes.Status402PaymentRequired
                ? X402Mcp.PaymentRequired(await summaries.RequirementsAsync(order, Resource, $"{refused.Reason}: {refused.Message}"))
                : X402Mcp.Error(refused.Message);
        }
        var job = purchase.Job!;
        var settlement = summaries.PaymentResponse(job);
        if (job.Stage != JobStage.Settled) return X402Mcp.WithSettlement(X402Mcp.Error($"The paid job {job.RequestId} is {job.Stage}. {job.Error}".TrimEnd()), settlement);
        if (!purchase.MayRead) return X402Mcp.WithSettlement(X402Mcp.Error(PaidSummaries.AlreadyPaid(job.RequestId)), settlement);
        return X402Mcp.WithSettlement(Answer(SummaryEndpoints.Answer(job), request), settlement);
    }

    private static ResourceInfo Resource => new($"mcp://tool/{Name}", PaidSummaries.ResourceDescription, "application/json");

    private static CallToolResult Answer(SummaryResponse summary, HttpRequest? request)
    {
        var answer = new McpSummary(summary, summary.Receipt is { } receipt && request is not null ? ReceiptPageEndpoints.LinkTo(request, receipt) : null);
        var json = JsonSerializer.SerializeToElement(answer, X402Headers.Json);
        return new CallToolResult
        {
            StructuredContent = json,
            // The sentences for a model to read, and the same answer as JSON for clients without structured content.
            Content = [new TextContentBlock { Text = string.Join("\n", summary.Sentences) }, new TextContentBlock { Text = json.GetRawText() }],
        };
    }
}
