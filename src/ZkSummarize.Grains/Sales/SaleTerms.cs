using System.Globalization;
using System.Text.Json.Nodes;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Grains.Sales;

/// <summary>What the node sells a summary for, and where the money goes.</summary>
/// <param name="Network">CAIP-2 id of the chain.</param>
/// <param name="Price">USDC base units per summary.</param>
/// <param name="PayTo">The wallet that receives `exact` payments.</param>
/// <param name="ProgramId">The escrow program, when the node offers the escrow scheme.</param>
/// <param name="Operator">The operator key its escrows name: only workers it registered on chain may attest them.</param>
/// <param name="EscrowSeconds">From payment to the client's refund deadline.</param>
public sealed record SaleTerms(string Network, ulong Price, string Mint, string PayTo, string? ProgramId, string? Operator, int EscrowSeconds)
{
    /// <summary>How long a client has to pay an escrow quote.</summary>
    public TimeSpan QuoteValidity { get; init; } = TimeSpan.FromMinutes(5);

    public string PriceText => Price.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The facilitators that settle each scheme (escrow only when the node has a program).</summary>
public sealed record PaymentFacilitators(IPaymentFacilitator Exact, IPaymentFacilitator? Escrow);

/// <summary>
/// The x402 payment requirements the node offers. Settlement always checks a payment against these,
/// rebuilt from the node's own terms and quotes, never against what the client sent.
/// </summary>
public sealed class PaymentOffers(SaleTerms terms, PaymentFacilitators facilitators)
{
    public SaleTerms Terms => terms;

    public bool OffersEscrow => facilitators.Escrow is not null && terms.ProgramId is not null && terms.Operator is not null;

    public IPaymentFacilitator FacilitatorFor(string scheme) =>
        scheme == EscrowSvmVerifier.SchemeName && facilitators.Escrow is { } escrow ? escrow : facilitators.Exact;

    public PaymentRequirements Exact() =>
        new(ExactSvmVerifier.SchemeName, terms.Network, terms.PriceText, terms.Mint, terms.PayTo, 60, new JsonObject { ["feePayer"] = facilitators.Exact.FeePayer });

    /// <param name="expectedWait">
    /// When quoting: how long the job is expected to take, the queue ahead of it included; stated in
    /// <c>extra.expectedWaitSeconds</c> for the client to weigh against the deadline. Information only: the
    /// verifier does not read it, and requirements rebuilt to check a payment leave it out.
    /// </param>
    public PaymentRequirements Escrow(JobQuote quote, TimeSpan? expectedWait = null)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var facilitator = facilitators.Escrow ?? throw new InvalidOperationException("This node does not offer the escrow scheme (no Node:ProgramId).");
        var extra = new JsonObject
        {
            ["feePayer"] = facilitator.FeePayer, ["programId"] = terms.ProgramId, ["operator"] = terms.Operator,
            ["requestId"] = quote.RequestId, ["docRoot"] = quote.DocRoot, ["sentences"] = quote.Sentences, ["deadline"] = quote.Deadline,
            ["release"] = "Funds are released only by an on-chain verified proof of exactly this many sentences of this document, made by a worker this operator registered; after the deadline the client can refund everything.",
        };
        if (quote.Circuit is { } circuit)
        {
            extra["verifyingKeyHash"] = circuit.VerifyingKeyHash;
            extra["circuit"] = circuit.Circuit;
        }
        if (expectedWait is { } wait) extra["expectedWaitSeconds"] = (long)Math.Ceiling(wait.TotalSeconds);
        return new(EscrowSvmVerifier.SchemeName, terms.Network, terms.PriceText, terms.Mint, terms.ProgramId!, terms.EscrowSeconds, extra);
    }
}
