using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Summarization;

namespace ZkSummarize.Node;

/// <summary>A request for a summary.</summary>
public sealed record SummaryRequest(string Text, int? Sentences = null);

/// <summary>The paid answer: the summary, the document's commitment and how it was paid.</summary>
public sealed record SummaryResponse(string DocRoot, IReadOnlyList<int> Indices, IReadOnlyList<string> Sentences, string Method, string PaymentTransaction);

/// <summary>
/// POST /v1/summaries with x402 v2 (specs/transports-v2/http.md): without PAYMENT-SIGNATURE it answers
/// 402 with PAYMENT-REQUIRED; with a valid payment it settles it, summarises, and answers 200 with
/// PAYMENT-RESPONSE. Walking skeleton: the `exact` scheme; escrow, proving and attestation through the
/// grains come next.
/// </summary>
public static class SummaryEndpoints
{
    public static void MapSummaryEndpoints(this WebApplication app)
    {
        app.MapPost("/v1/summaries", PostAsync);
        app.MapGet("/supported", (IOptions<NodeOptions> options) => Results.Json(new
        {
            kinds = new[] { new { x402Version = X402Headers.Version, scheme = ExactSvmVerifier.SchemeName, network = options.Value.Network } },
        }));
    }

    private static async Task<IResult> PostAsync(HttpRequest http, HttpResponse response, SummaryRequest request, IOptions<NodeOptions> options,
        SvmFacilitator facilitator, ISummarizer summarizer, ILoggerFactory loggers, CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(request.Text)) return Results.Problem("Send the document as {\"text\": \"...\"}.", statusCode: 400);
        if (System.Text.Encoding.UTF8.GetByteCount(request.Text) > o.MaxDocumentBytes)
        {
            return Results.Problem($"The document is larger than {o.MaxDocumentBytes:N0} bytes. Split it and summarise the parts.", statusCode: 413);
        }
        Document document;
        try
        {
            document = Document.Parse(request.Text);
        }
        catch (DocumentException e)
        {
            return Results.Problem(e.Message, statusCode: 400);
        }
        var sentences = request.Sentences ?? o.DefaultSentences;
        if (sentences is < 1 or > 16) return Results.Problem("sentences must be 1 to 16.", statusCode: 400);
        var commitment = DocumentCommitment.Create(document);
        var requirements = Exact(o, facilitator);
        var resource = new ResourceInfo($"{http.Scheme}://{http.Host}{http.Path}", "A proven extractive summary of the submitted document", "application/json");

        if (!http.Headers.TryGetValue(X402Headers.PaymentSignature, out var header))
        {
            return PaymentRequired(response, resource, requirements, "PAYMENT-SIGNATURE header is required");
        }
        PaymentPayload payment;
        try
        {
            payment = X402Headers.DecodePayment(header);
        }
        catch (X402FormatException e)
        {
            return PaymentRequired(response, resource, requirements, $"{e.Reason}: {e.Message}");
        }
        var settlement = await facilitator.SettleAsync(payment, requirements, ct);
        if (!settlement.Success) return PaymentRequired(response, resource, requirements, settlement.ErrorReason ?? "payment failed");

        var summary = await summarizer.SummarizeAsync(document, SummaryLength.Sentences(sentences), ct);
        loggers.CreateLogger("Summaries").LogInformation("Paid summary of {Sentences} sentences for {Payer} ({Transaction})", summary.Sentences.Count, settlement.Payer, settlement.Transaction);
        response.Headers[X402Headers.PaymentResponse] = X402Headers.Encode(settlement);
        return Results.Ok(new SummaryResponse(Convert.ToHexStringLower(commitment.DocRoot.ToBytesBigEndian()), summary.Indices,
            summary.Sentences.Select(s => s.Text).ToArray(), summary.Method, settlement.Transaction));
    }

    private static PaymentRequirements Exact(NodeOptions o, SvmFacilitator facilitator) =>
        new(ExactSvmVerifier.SchemeName, o.Network, o.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Mint, o.PayTo, 60,
            new JsonObject { ["feePayer"] = facilitator.FeePayer.ToString() });

    private static IResult PaymentRequired(HttpResponse response, ResourceInfo resource, PaymentRequirements requirements, string error)
    {
        var required = new PaymentRequired(X402Headers.Version, resource, [requirements], error);
        response.Headers[X402Headers.PaymentRequired] = X402Headers.Encode(required);
        return Results.Json(required, X402Headers.Json, statusCode: StatusCodes.Status402PaymentRequired);
    }
}
