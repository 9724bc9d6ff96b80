using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Svm;

/// <summary>The offline rules of one SVM payment scheme.</summary>
public interface ISvmPaymentRules
{
    string Scheme { get; }

    VerifyResponse Verify(PaymentPayload payment, PaymentRequirements requirements);
}

/// <summary>A facilitator for one x402 scheme: what the job grain and the facilitator endpoints use (<see cref="SvmFacilitator"/>; fakes in tests).</summary>
public interface IPaymentFacilitator
{
    /// <summary>The CAIP-2 id of the chain it settles on.</summary>
    string Network { get; }

    string Scheme { get; }

    /// <summary>The key that pays settlement fees (base58), which clients name as <c>extra.feePayer</c>.</summary>
    string FeePayer { get; }

    Task<VerifyResponse> VerifyAsync(PaymentPayload payment, PaymentRequirements requirements, CancellationToken cancellationToken = default);

    /// <param name="submitting">
    /// Called with the settlement's signature and the payer once the payment has passed every check and
    /// just before it is sent, so that a caller can record it durably and later ask the chain whether it landed.
    /// </param>
    Task<SettlementResponse> SettleAsync(PaymentPayload payment, PaymentRequirements requirements, Func<string, string?, Task>? submitting = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// A facilitator for one x402 scheme on Solana (<c>exact</c> or our <c>escrow</c>): verify (the scheme's
/// offline rules, then a simulation of the co-signed transaction, which checks the blockhash, the accounts
/// and the balance) and settle (the rules, refuse duplicates, co-sign as fee payer, submit and confirm).
/// </summary>
public sealed class SvmFacilitator : IPaymentFacilitator
{
    private readonly SolanaRpcClient _rpc;
    private readonly Keypair _feePayer;
    private readonly ISvmPaymentRules _rules;
    private readonly SettlementCache _settling;
    private readonly ILogger _logger;

    /// <param name="rules">The scheme's rules; by default <c>exact</c>'s, for this fee payer.</param>
    public SvmFacilitator(SolanaRpcClient rpc, Keypair feePayer, string network, ISvmPaymentRules? rules = null, TimeProvider? time = null, ILogger<SvmFacilitator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(feePayer);
        _rpc = rpc;
        _feePayer = feePayer;
        Network = network;
        _rules = rules ?? new ExactSvmVerifier([feePayer.PublicKey]);
        _settling = new SettlementCache(time ?? TimeProvider.System);
        _logger = logger ?? NullLogger<SvmFacilitator>.Instance;
    }

    /// <summary>The CAIP-2 id of the chain this facilitator settles on.</summary>
    public string Network { get; }

    public PublicKey FeePayerKey => _feePayer.PublicKey;

    public string FeePayer => _feePayer.PublicKey.ToString();

    public string Scheme => _rules.Scheme;

    public async Task<VerifyResponse> VerifyAsync(PaymentPayload payment, PaymentRequirements requirements, CancellationToken cancellationToken = default)
    {
        var rules = CheckRules(payment, requirements);
        if (!rules.IsValid) return rules;
        var (simulated, _) = await CoSignAndSimulateAsync(payment, rules, cancellationToken);
        return simulated;
    }

    public async Task<SettlementResponse> SettleAsync(PaymentPayload payment, PaymentRequirements requirements,
        Func<string, string?, Task>? submitting = null, CancellationToken cancellationToken = default)
    {
        var rules = CheckRules(payment, requirements);
        if (!rules.IsValid) return Failed(rules.InvalidReason!, rules.Payer);
        // Claimed before the simulation: a replay of a payment that already landed is a duplicate, not a failed
        // simulation. Keyed by the transaction's message, so a re-encoded header is the same payment.
        var key = PaymentFingerprint.Of(payment)!; // the rules decoded it
        if (!_settling.TryClaim(key)) return Failed("duplicate_settlement", rules.Payer);
        var (verified, transaction) = await CoSignAndSimulateAsync(payment, rules, cancellationToken);
        if (transaction is null)
        {
            _settling.Release(key);
            return Failed(verified.InvalidReason!, verified.Payer);
        }
        if (submitting is not null) await submitting(transaction.Signature, verified.Payer);
        try
        {
            var signature = await _rpc.SendTransactionAsync(transaction, cancellationToken: cancellationToken);
            await _rpc.ConfirmTransactionAsync(signature, cancellationToken: cancellationToken);
            _logger.LogInformation("Settled {Amount} of {Asset} from {Payer}: {Signature}", requirements.Amount, requirements.Asset, verified.Payer, signature);
            return new SettlementResponse(true, signature, Network, verified.Payer, Amount: requirements.Amount);
        }
        catch (SolanaRpcException e)
        {
            _settling.Release(key); // nothing landed: the client may try again
            _logger.LogWarning(e, "Settlement of a payment from {Payer} was rejected by the node", verified.Payer);
            return Failed("transaction_simulation_failed", verified.Payer);
        }
        catch (TransactionFailedException e)
        {
            _logger.LogWarning(e, "Settlement transaction {Signature} failed on chain", e.Signature);
            return Failed("invalid_transaction_state", verified.Payer);
        }
    }

    private VerifyResponse CheckRules(PaymentPayload payment, PaymentRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(requirements);
        return requirements.Network == Network ? _rules.Verify(payment, requirements) : VerifyResponse.Invalid("invalid_network");
    }

    // The blockhash, the accounts and the balance are the chain's to judge: simulate the co-signed transaction.
    private async Task<(VerifyResponse, Transaction?)> CoSignAndSimulateAsync(PaymentPayload payment, VerifyResponse rules, CancellationToken cancellationToken)
    {
        var transaction = Transaction.FromBase64(payment.Payload["transaction"]!.GetValue<string>()).Sign(_feePayer);
        var simulation = await _rpc.SimulateTransactionAsync(transaction, sigVerify: true, cancellationToken: cancellationToken);
        if (simulation.Error is not null)
        {
            _logger.LogInformation("Payment from {Payer} fails in simulation: {Error}", rules.Payer, simulation.Error);
            return (VerifyResponse.Invalid("transaction_simulation_failed", rules.Payer), null);
        }
        return (rules, transaction);
    }

    private SettlementResponse Failed(string reason, string? payer) => new(false, "", Network, payer, reason);
}
