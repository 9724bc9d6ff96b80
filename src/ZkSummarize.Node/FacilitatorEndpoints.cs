using Microsoft.Extensions.Options;
using System.Text.Json;
using ZkSummarize.Grains.Sales;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Node;

/// <summary>The body of POST /verify and POST /settle (x402 v2 facilitator API).</summary>
public sealed record FacilitatorRequest(int X402Version, PaymentPayload? PaymentPayload, PaymentRequirements? PaymentRequirements);

/// <summary>One payment kind a facilitator handles, with its fee payer in <c>extra</c> for SVM.</summary>
public sealed record SupportedKind(int X402Version, string Scheme, string Network, IReadOnlyDictionary<string, string> Extra);

/// <summary>GET /supported.</summary>
public sealed record SupportedResponse(IReadOnlyList<SupportedKind> Kinds, IReadOnlyList<string> Extensions, IReadOnlyDictionary<string, IReadOnlyList<string>> Signers);

/// <summary>
/// The node as an x402 facilitator for other resource servers: POST /verify, POST /settle and GET
/// /supported, with the requirements the caller sends (a facilitator checks a payment against its
/// resource server's requirements). /settle takes the <c>exact</c> scheme only (an escrow is opened for a
/// job of this network, which only POST /v1/summaries starts), and only for the assets and payees the
/// operator allows (Node:SettleAssets, Node:SettlePayees), since the node pays every settlement's fee.
/// Both POSTs share the per-address budget of unpaid requests, since each costs a simulation.
/// </summary>
public static class FacilitatorEndpoints
{
    public static void MapFacilitatorEndpoints(this WebApplication app)
    {
        MapPost<VerifyResponse>(app, "/verify", VerifyAsync, "FacilitatorVerify",
            "x402 facilitator: check a payment against payment requirements (the rules of its scheme, then a simulation on chain).");
        MapPost<SettlementResponse>(app, "/settle", SettleAsync, "FacilitatorSettle",
            "x402 facilitator: verify an `exact` payment, co-sign it as fee payer, send it and wait for confirmation.");
        app.MapGet("/supported", Supported)
            .WithName("FacilitatorSupported")
            .WithSummary("x402 facilitator: the schemes and network this node verifies, and its fee payer.")
            .Produces<SupportedResponse>(StatusCodes.Status200OK);
    }

    private static void MapPost<TResponse>(WebApplication app, string path, Delegate handler, string name, string summary) =>
        app.MapPost(path, handler)
            .WithName(name)
            .WithSummary(summary)
            .Produces<TResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .AddEndpointFilter<UnpaidRequestFilter>();

    private static IResult Supported(PaymentOffers offers, PaymentFacilitators facilitators)
    {
        var network = offers.Terms.Network;
        var feePayer = facilitators.Exact.FeePayer;
        var schemes = offers.OffersEscrow ? new[] { ExactSvmVerifier.SchemeName, EscrowSvmVerifier.SchemeName } : [ExactSvmVerifier.SchemeName];
        return Results.Json(new SupportedResponse(
            schemes.Select(scheme => new SupportedKind(X402Headers.Version, scheme, network, new Dictionary<string, string> { ["feePayer"] = feePayer })).ToArray(),
            [], new Dictionary<string, IReadOnlyList<string>> { ["solana:*"] = [feePayer] }), X402Headers.Json);
    }

    private static async Task<IResult> VerifyAsync(HttpRequest http, PaymentOffers offers, CancellationToken ct)
    {
        var (request, problem) = await ReadAsync(http, ct);
        if (request is null) return problem!;
        var (payment, requirements) = (request.PaymentPayload!, request.PaymentRequirements!);
        if (payment.X402Version != X402Headers.Version) return Results.Json(VerifyResponse.Invalid("invalid_x402_version"), X402Headers.Json);
        if (!Handles(offers, requirements.Scheme)) return Results.Json(VerifyResponse.Invalid("unsupported_scheme"), X402Headers.Json);
        return Results.Json(await offers.FacilitatorFor(requirements.Scheme).VerifyAsync(payment, requirements, ct), X402Headers.Json);
    }

    private static async Task<IResult> SettleAsync(HttpRequest http, PaymentFacilitators facilitators, IOptions<NodeOptions> options, CancellationToken ct)
    {
        var (request, problem) = await ReadAsync(http, ct);
        if (request is null) return problem!;
        var (payment, requirements) = (request.PaymentPayload!, request.PaymentRequirements!);
        var facilitator = facilitators.Exact;
        // The node pays the fee of every settlement: it settles only what its operator sells or serves.
        var o = options.Value;
        var refusal = payment.X402Version != X402Headers.Version ? "invalid_x402_version"
            : requirements.Scheme != ExactSvmVerifier.SchemeName ? "unsupported_scheme"
            : !(o.SettleAssets.Length > 0 ? o.SettleAssets : [o.Mint]).Contains(requirements.Asset, StringComparer.Ordinal) ? "invalid_exact_svm_payload_asset_not_settled_here"
            : !(o.SettlePayees.Length > 0 ? o.SettlePayees : [o.PayTo]).Contains(requirements.PayTo, StringComparer.Ordinal) ? "invalid_exact_svm_payload_payee_not_settled_here"
            : null;
        return Results.Json(refusal is null
            ? await facilitator.SettleAsync(payment, requirements, cancellationToken: ct)
            : new SettlementResponse(false, "", requirements.Network, ErrorReason: refusal), X402Headers.Json);
    }

    private static bool Handles(PaymentOffers offers, string scheme) =>
        scheme == ExactSvmVerifier.SchemeName || (scheme == EscrowSvmVerifier.SchemeName && offers.OffersEscrow);

    private const string Shape = "{ \"x402Version\": 2, \"paymentPayload\": {…}, \"paymentRequirements\": {…} }, as x402's facilitator API defines";

    private static async Task<(FacilitatorRequest? Request, IResult? Problem)> ReadAsync(HttpRequest http, CancellationToken ct)
    {
        var (body, unreadable) = await JsonBody.ReadObjectAsync(http, Shape, ct);
        if (unreadable is not null) return (null, unreadable);
        try
        {
            var request = body.Deserialize<FacilitatorRequest>(X402Headers.Json);
            if (request?.PaymentPayload?.Payload is not null && request.PaymentRequirements is not null) return (request, null);
        }
        catch (JsonException e)
        {
            // The serializer's message names .NET types; its JSON path is what the caller can fix.
            return (null, JsonBody.Problem(400, "Wrong type", $"{e.Path ?? "$"} has the wrong type. Send {Shape}."));
        }
        return (null, JsonBody.Problem(400, "Missing fields", $"The body needs paymentPayload (with its payload) and paymentRequirements. Send {Shape}."));
    }
}
