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

/// <summary>The paid answer: the summary, the document's commitment, how it was paid and, for the escrow scheme, the receipt.</summary>
public sealed record SummaryResponse(string DocRoot, IReadOnlyList<int> Indices, IReadOnlyList<string> Sentences, string Method, string PaymentTransaction,
    ZkSummarize.Core.Receipts.Receipt? Receipt = null);

/// <summary>The escrow scheme's parts, present when the node is configured with a program id.</summary>
public sealed record EscrowServices(SvmFacilitator Facilitator, EscrowWorker Worker, QuoteBook Quotes, string ProgramId);

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
        app.MapPost("/v1/summaries", PostAsync)
            .WithName("BuySummary")
            .WithSummary("Buy a proven extractive summary of a document, paid with x402.")
            .WithDescription("Without PAYMENT-SIGNATURE the answer is 402 with PAYMENT-REQUIRED (base64 JSON) offering the exact and escrow schemes. With a valid payment: 200, the summary, and PAYMENT-RESPONSE.")
            .Produces<SummaryResponse>(StatusCodes.Status200OK)
            .Produces<PaymentRequired>(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        app.MapGet("/supported", (IOptions<NodeOptions> options) => Results.Json(new
        {
            kinds = new[] { ExactSvmVerifier.SchemeName, EscrowSvmVerifier.SchemeName }.Select(scheme => new { x402Version = X402Headers.Version, scheme, network = options.Value.Network }),
        }));
    }

    private static async Task<IResult> PostAsync(HttpRequest http, HttpResponse response, SummaryRequest request, IOptions<NodeOptions> options,
        SvmFacilitator facilitator, ISummarizer summarizer, PaidResponses paidResponses, ILoggerFactory loggers, IServiceProvider services, CancellationToken ct)
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
        var docRoot = commitment.DocRoot.ToBytesBigEndian();
        var escrow = services.GetService<EscrowServices>();
        var exact = Exact(o, facilitator);
        var resource = new ResourceInfo($"{http.Scheme}://{http.Host}{http.Path}", "A proven extractive summary of the submitted document", "application/json");
        IResult Required(string error)
        {
            List<PaymentRequirements> accepts = [exact];
            if (escrow is not null)
            {
                var quote = escrow.Quotes.Issue(docRoot, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + o.EscrowSeconds, TimeSpan.FromMinutes(5));
                accepts.Add(Escrow(o, escrow, quote));
            }
            return PaymentRequired(response, resource, accepts, error);
        }

        if (!http.Headers.TryGetValue(X402Headers.PaymentSignature, out var header)) return Required("PAYMENT-SIGNATURE header is required");
        PaymentPayload payment;
        try
        {
            payment = X402Headers.DecodePayment(header);
        }
        catch (X402FormatException e)
        {
            return Required($"{e.Reason}: {e.Message}");
        }
        string? paymentId;
        try
        {
            paymentId = PaymentIdentifier.Read(payment);
        }
        catch (X402FormatException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        var paymentHash = PaidResponses.Hash(header.ToString());
        if (paymentId is not null && paidResponses.Find(paymentId) is { } earlier)
        {
            if (earlier.PaymentHash != paymentHash) return Results.Problem($"The payment id {paymentId} was used with another payment.", statusCode: StatusCodes.Status409Conflict);
            response.Headers[X402Headers.PaymentResponse] = earlier.PaymentResponseHeader;
            return Results.Ok(earlier.Body); // the same answer again, and nothing charged again
        }

        var escrowed = escrow is not null && payment.Accepted.Scheme == EscrowSvmVerifier.SchemeName;
        Quote? paidQuote = null;
        PaymentRequirements requirements = exact;
        if (escrowed)
        {
            // The requirements are rebuilt from the quote the node issued, never taken from the client.
            (paidQuote, var problem) = escrow!.Quotes.TryTake(payment.Accepted.Extra?["requestId"]?.GetValue<string>(), docRoot);
            if (paidQuote is null) return Required(problem!);
            requirements = Escrow(o, escrow, paidQuote);
        }
        var settlement = await (escrowed ? escrow!.Facilitator : facilitator).SettleAsync(payment, requirements, ct);
        if (!settlement.Success) return Required(settlement.ErrorReason ?? "payment failed");

        var summary = await summarizer.SummarizeAsync(document, SummaryLength.Sentences(sentences), ct);
        var receipt = escrowed
            ? await escrow!.Worker.ProveAndAttestAsync(commitment, summary, paidQuote!.RequestId, Solana.PublicKey.Parse(settlement.Payer!), Solana.PublicKey.Parse(o.Mint), settlement.Transaction, ct)
            : null;
        loggers.CreateLogger("Summaries").LogInformation("Paid ({Scheme}) summary of {Sentences} sentences for {Payer} ({Transaction})",
            requirements.Scheme, summary.Sentences.Count, settlement.Payer, settlement.Transaction);
        var paymentResponse = X402Headers.Encode(settlement);
        var answer = new SummaryResponse(Convert.ToHexStringLower(docRoot), summary.Indices, summary.Sentences.Select(s => s.Text).ToArray(), summary.Method, settlement.Transaction, receipt);
        if (paymentId is not null) paidResponses.Remember(paymentId, new PaidResponse(paymentHash, answer, paymentResponse));
        response.Headers[X402Headers.PaymentResponse] = paymentResponse;
        return Results.Ok(answer);
    }

    private static PaymentRequirements Escrow(NodeOptions o, EscrowServices escrow, Quote quote) =>
        new(EscrowSvmVerifier.SchemeName, o.Network, o.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Mint, escrow.ProgramId, o.EscrowSeconds,
            new JsonObject
            {
                ["feePayer"] = escrow.Facilitator.FeePayer.ToString(), ["programId"] = escrow.ProgramId,
                ["requestId"] = Convert.ToHexStringLower(quote.RequestId), ["docRoot"] = Convert.ToHexStringLower(quote.DocRoot), ["deadline"] = quote.Deadline,
                ["release"] = "Funds are released only by an on-chain verified proof; after the deadline the client can refund everything.",
            });

    private static PaymentRequirements Exact(NodeOptions o, SvmFacilitator facilitator) =>
        new(ExactSvmVerifier.SchemeName, o.Network, o.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Mint, o.PayTo, 60,
            new JsonObject { ["feePayer"] = facilitator.FeePayer.ToString() });

    private static IResult PaymentRequired(HttpResponse response, ResourceInfo resource, IReadOnlyList<PaymentRequirements> accepts, string error)
    {
        var required = new PaymentRequired(X402Headers.Version, resource, accepts, error, PaymentIdentifier.Advertise());
        response.Headers[X402Headers.PaymentRequired] = X402Headers.Encode(required);
        return Results.Json(required, X402Headers.Json, statusCode: StatusCodes.Status402PaymentRequired);
    }
}
