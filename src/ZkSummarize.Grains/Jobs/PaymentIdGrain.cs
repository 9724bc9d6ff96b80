namespace ZkSummarize.Grains.Jobs;

/// <summary>What a payment id (x402 payment-identifier extension) is bound to.</summary>
[GenerateSerializer, Immutable]
public sealed record PaymentIdClaim([property: Id(0)] string RequestId, [property: Id(1)] bool Conflict);

/// <summary>
/// A payment-identifier id, durably bound to the first payment and job it came with
/// (specs/extensions/payment_identifier.md): the same id with the same payment is the same request;
/// the same id with another payment is a conflict.
/// </summary>
public interface IPaymentIdGrain : IGrainWithStringKey
{
    Task<PaymentIdClaim> ClaimAsync(string paymentHash, string requestId);
}

[GenerateSerializer]
public sealed class PaymentIdState
{
    [Id(0)] public string? PaymentHash { get; set; }
    [Id(1)] public string? RequestId { get; set; }
}

public sealed class PaymentIdGrain([PersistentState("paymentId", JobStorage.Name)] IPersistentState<PaymentIdState> claim) : Grain, IPaymentIdGrain
{
    public async Task<PaymentIdClaim> ClaimAsync(string paymentHash, string requestId)
    {
        if (claim.State.PaymentHash is null)
        {
            claim.State.PaymentHash = paymentHash;
            claim.State.RequestId = requestId;
            await claim.WriteStateAsync();
        }
        return new PaymentIdClaim(claim.State.RequestId!, claim.State.PaymentHash != paymentHash);
    }
}
