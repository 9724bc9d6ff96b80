using System.Text.Json;
using Microsoft.Extensions.Options;
using ZkSummarize.Core;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node;

/// <summary>A request for a summary.</summary>
public sealed record SummaryRequest(
    [property: System.ComponentModel.Description("The document, UTF-8 text.")] string Text,
    [property: System.ComponentModel.Description("Sentences in the summary; fewer than the document has. Left out: the node's default (3)."),
               System.ComponentModel.DataAnnotations.Range(1, CommitmentLimits.MaxSummarySentences)] int? Sentences = null)
{
    /// <summary>What a body must look like, for error messages.</summary>
    public const string Shape = "{\"text\": \"<the document>\", \"sentences\": 3}";

    /// <summary>The request in a JSON object, or the problem with it (no .NET type names: a client reads it).</summary>
    public static (SummaryRequest? Request, IResult? Problem) From(JsonElement body)
    {
        var text = Property(body, "text");
        if (text is null || text.Value.ValueKind == JsonValueKind.Null) return (null, JsonBody.Problem(400, "No text", $"The body has no \"text\". Send {Shape}."));
        if (text.Value.ValueKind != JsonValueKind.String)
        {
            return (null, JsonBody.Problem(400, "Wrong type", $"\"text\" must be a string (the document); it is {JsonBody.Describe(text.Value)}. Send {Shape}."));
        }
        var sentences = Property(body, "sentences");
        if (sentences is null || sentences.Value.ValueKind == JsonValueKind.Null) return (new SummaryRequest(text.Value.GetString()!), null);
        if (sentences.Value.ValueKind != JsonValueKind.Number || !sentences.Value.TryGetInt32(out var count))
        {
            return (null, JsonBody.Problem(400, "Wrong type",
                $"\"sentences\" must be a whole number from 1 to {CommitmentLimits.MaxSummarySentences} (no quotes); it is {JsonBody.Describe(sentences.Value)}. Leave it out for the node's default."));
        }
        return (new SummaryRequest(text.Value.GetString()!, count), null);
    }

    // Property names match case-insensitively, as ASP.NET's web defaults do.
    private static JsonElement? Property(JsonElement body, string name) =>
        body.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).LastOrDefault();
}

/// <summary>The paid answer: the summary, the document's commitment, how it was paid and, for the escrow scheme, the receipt.</summary>
public sealed record SummaryResponse(string DocRoot, IReadOnlyList<int> Indices, IReadOnlyList<string> Sentences, string Method, string PaymentTransaction,
    Receipt? Receipt = null, string? RequestId = null);

/// <summary>A job as GET /v1/summaries/{requestId} shows it.</summary>
public sealed record JobStatus(string RequestId, string Stage, string Scheme, string? Error, IReadOnlyList<StageTime> History, SummaryResponse? Summary);

/// <summary>What an operator sees of a node: who it is, what it charges, and the paid jobs it has not finished.</summary>
public sealed record NodeStatus(string Roles, string? Worker, string? ProgramId, string Network, string Mint, string Price, string? PayTo, IReadOnlyList<JobStatus> JobsInFlight);

/// <summary>
/// POST /v1/summaries with x402 v2 (specs/transports-v2/http.md): without PAYMENT-SIGNATURE it answers
/// 402 with PAYMENT-REQUIRED; with a valid payment the SummaryJob grain settles it and does the work, and
/// the answer is 200 with the summary, the receipt and PAYMENT-RESPONSE. A node whose queue would not be
/// proven in time answers 503 with Retry-After instead, before anything is quoted or paid.
/// </summary>
public static class SummaryEndpoints
{
    public static void MapSummaryEndpoints(this WebApplication app)
    {
        app.MapPost("/v1/summaries", PostAsync)
            .WithName("BuySummary")
            .WithSummary("Buy a proven extractive summary of a document, paid with x402.")
            .WithDescription("Without PAYMENT-SIGNATURE the answer is 402 with PAYMENT-REQUIRED (base64 JSON) offering the exact and escrow schemes. With a valid payment: 200, the summary, and PAYMENT-RESPONSE. "
                + "A document is refused before any payment (422) when it has no more sentences than asked for: its summary would be the whole document. "
                + "503 with Retry-After when the node is too busy to prove more work in time; nothing is quoted or charged then.")
            .Produces<SummaryResponse>(StatusCodes.Status200OK)
            .Produces<PaymentRequired>(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter<UnpaidRequestFilter>()
            .AddOpenApiOperationTransformer(OpenApiDescriptions.BuySummaryAsync);
        app.MapGet("/v1/summaries/{requestId}", GetAsync)
            .WithName("GetSummaryJob")
            .WithSummary("A paid job's stage and history; with the payer's PAYER-SIGNATURE, once settled, also the summary and receipt.")
            .WithDescription("Request ids and payments are public on chain, so the summary (the client's content) is shown only to whoever signs \"zksummarize read <requestId>\" with the key that paid (base58 in the PAYER-SIGNATURE header).")
            .Produces<JobStatus>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(OpenApiDescriptions.GetSummaryJob);
    }

    private static async Task<IResult> PostAsync(HttpRequest http, HttpResponse response, PaidSummaries summaries, CancellationToken ct)
    {
        var (body, unreadable) = await JsonBody.ReadObjectAsync(http, SummaryRequest.Shape, ct);
        if (unreadable is not null) return unreadable;
        var (request, invalid) = SummaryRequest.From(body);
        if (request is null) return invalid!;
        try
        {
            return await SellAsync(http, response, request, summaries, ct);
        }
        catch (NodeBusyException busy)
        {
            // Before anything is quoted or paid: the client comes back when the queue has drained.
            response.Headers.RetryAfter = busy.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return JsonBody.Problem(StatusCodes.Status503ServiceUnavailable, "Too busy to take paid work now", busy.Message);
        }
    }

    private static async Task<IResult> SellAsync(HttpRequest http, HttpResponse response, SummaryRequest request, PaidSummaries summaries, CancellationToken ct)
    {
        var (order, problem) = await summaries.PrepareAsync(request.Text, request.Sentences, ct);
        if (order is null) return JsonBody.Problem(problem!.Status, problem.Title, problem.Message);
        var resource = new ResourceInfo($"{http.Scheme}://{http.Host}{http.Path}", PaidSummaries.ResourceDescription, "application/json");

        if (!http.Headers.TryGetValue(X402Headers.PaymentSignature, out var header))
        {
            return PaymentRequired(response, await summaries.RequirementsAsync(order, resource, "PAYMENT-SIGNATURE header is required"));
        }
        var purchase = await summaries.BuyAsync(order, header.ToString(), ct);
        if (purchase.Problem is { } refused)
        {
            return refused.Status == StatusCodes.Status402PaymentRequired
                ? PaymentRequired(response, await summaries.RequirementsAsync(order, resource, $"{refused.Reason}: {refused.Message}"))
                : JsonBody.Problem(refused.Status, refused.Title, refused.Message, refused.Reason);
        }
        var job = purchase.Job!;
        response.Headers[X402Headers.PaymentResponse] = summaries.PaymentResponseHeader(job);
        if (job.Stage != JobStage.Settled) return Results.Problem(job.Error, statusCode: StatusCodes.Status500InternalServerError, title: $"The paid job {job.RequestId} is {job.Stage}");
        return purchase.MayRead
            ? Results.Ok(Answer(job))
            : Results.Problem(PaidSummaries.AlreadyPaid(job.RequestId), statusCode: StatusCodes.Status409Conflict, title: "Already paid");
    }

    private static async Task<IResult> GetAsync(string requestId, HttpRequest http, PaidSummaries summaries)
    {
        if (requestId.Length != 64 || !requestId.All(char.IsAsciiHexDigitLower))
        {
            return JsonBody.Problem(400, "Not a request id", "A request id is 64 lowercase hex digits: the requestId of the escrow quote, or of the receipt.");
        }
        var job = await summaries.GetAsync(requestId);
        if (job.Stage is JobStage.None) return JsonBody.Problem(404, "No such job", $"This node has no job {requestId}. Ask the node that sold it (the receipt's or quote's node).");
        var payer = PaidSummaries.IsPayer(job, http.Headers[SummaryAccess.Header].ToString());
        return Results.Ok(new JobStatus(job.RequestId, job.Stage.ToString(), job.Scheme, job.Error, job.History, job.Stage == JobStage.Settled && payer ? Answer(job) : null));
    }

    /// <summary>GET /v1/node, on every node (gateways and workers): for operators and `zks worker status`.</summary>
    public static void MapNodeStatus(this WebApplication app) =>
        app.MapGet("/v1/node", NodeStatusAsync)
            .WithName("GetNodeStatus")
            .WithSummary("The node's roles, worker key, terms, and the cluster's paid jobs that are not finished (for `zks worker status`).")
            .Produces<NodeStatus>(StatusCodes.Status200OK);

    private static async Task<NodeStatus> NodeStatusAsync(IGrainFactory grains, Grains.Sales.SaleTerms terms, IOptions<NodeOptions> options, IServiceProvider services)
    {
        var inFlight = new List<JobStatus>();
        foreach (var requestId in await grains.GetGrain<IJobRegistryGrain>(0).ListAsync())
        {
            var job = await grains.GetGrain<ISummaryJobGrain>(requestId).GetAsync();
            inFlight.Add(new JobStatus(job.RequestId, job.Stage.ToString(), job.Scheme, job.Error, job.History, null));
        }
        var worker = services.GetService<Grains.Workers.GroundingWork>()?.Worker.ToString();
        return new NodeStatus(options.Value.Roles, worker, terms.ProgramId, terms.Network, terms.Mint, terms.PriceText, terms.PayTo, inFlight);
    }

    public static SummaryResponse Answer(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.DocRoot, job.Indices, job.Sentences, job.Method ?? "", job.PaymentSignature ?? "",
            job.ReceiptJson is null ? null : Receipt.FromJson(job.ReceiptJson), job.RequestId);
    }

    private static IResult PaymentRequired(HttpResponse response, PaymentRequired required)
    {
        response.Headers[X402Headers.PaymentRequired] = X402Headers.Encode(required);
        return Results.Json(required, X402Headers.Json, statusCode: StatusCodes.Status402PaymentRequired);
    }
}
