using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Sales;
using ZkSummarize.Grains.Workers;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Grains.Jobs;

/// <summary>
/// One paid summary as a durable state machine (docs/node.md, "Jobs"). Every stage is written before
/// the step it starts and every step is safe to repeat: the payment and the attestation are recorded by
/// signature before they are sent and looked up on chain after a restart, and the program attests an
/// escrow at most once, so a retry never pays twice.
/// </summary>
public sealed class SummaryJobGrain(
    [PersistentState("job", JobStorage.Name)] IPersistentState<SummaryJobState> job,
    PaymentOffers offers, WorkerPayouts payouts, SolanaRpcClient rpc, TimeProvider time, ILogger<SummaryJobGrain> logger) : Grain, ISummaryJobGrain
{
    /// <summary>Transient failures (RPC down, a node lost) retried before the job is given up as failed.</summary>
    private const int MaxRetries = 8;

    /// <summary>How long an unconfirmed payment may still land (about two blockhash lifetimes).</summary>
    private static readonly TimeSpan PaymentLandingWindow = TimeSpan.FromSeconds(120);

    private IGrainTimer? _retry;

    private SummaryJobState S => job.State;

    private string RequestId => this.GetPrimaryKeyString();

    private IJobRegistryGrain Registry => GrainFactory.GetGrain<IJobRegistryGrain>(0);

    private ISummaryWorkerGrain Worker => GrainFactory.GetGrain<ISummaryWorkerGrain>(RequestId);

    public static string PaymentHash(string paymentHeader) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(paymentHeader)));

    public async Task<JobQuote> QuoteAsync(string docRoot, long deadline, DateTimeOffset expires)
    {
        if (S.Stage != JobStage.None) throw new InvalidOperationException($"Request id {RequestId} is already in use.");
        S.Scheme = EscrowSvmVerifier.SchemeName;
        S.DocRoot = docRoot;
        S.Deadline = deadline;
        S.QuoteExpires = expires;
        await EnterAsync(JobStage.Quoted);
        // Anyone can ask for a 402: an unpaid quote is forgotten when it expires, so quotes do not pile up in storage.
        var dueIn = expires - time.GetUtcNow() + QuoteGrace;
        this.RegisterGrainTimer(ForgetUnpaidQuoteAsync, new GrainTimerCreationOptions(dueIn > TimeSpan.Zero ? dueIn : QuoteGrace, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        return new JobQuote(RequestId, docRoot, deadline, expires);
    }

    /// <summary>Extra time after a quote's expiry before it is forgotten, for a payment that arrived just in time.</summary>
    private static readonly TimeSpan QuoteGrace = TimeSpan.FromSeconds(5);

    private async Task ForgetUnpaidQuoteAsync(CancellationToken cancellationToken)
    {
        if (S.Stage != JobStage.Quoted || S.PaymentSignature is not null || S.QuoteExpires > time.GetUtcNow()) return;
        await job.ClearStateAsync(cancellationToken);
        DeactivateOnIdle();
    }

    public Task<JobSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<PaymentOutcome> PayAsync(JobPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        PaymentPayload decoded;
        try
        {
            decoded = X402Headers.DecodePayment(payment.PaymentHeader);
        }
        catch (X402FormatException e)
        {
            return PaymentOutcome.Refused(e.Reason, e.Message);
        }
        var hash = PaymentHash(payment.PaymentHeader);
        if (S.PaymentConfirmed || (S.PaymentSignature is not null && S.PaymentHash != hash))
        {
            return PaymentOutcome.Refused("duplicate_settlement", $"Request {RequestId} is already paid; one payment buys one summary.");
        }
        if (S.PaymentSignature is not null && await ResolvePendingPaymentAsync())
        {
            return new PaymentOutcome(Snapshot()); // a retry of a payment that landed before a restart
        }
        var scheme = decoded.Accepted.Scheme;
        PaymentRequirements requirements;
        if (scheme == EscrowSvmVerifier.SchemeName && offers.OffersEscrow)
        {
            if (S.Stage != JobStage.Quoted)
            {
                return PaymentOutcome.Refused("invalid_escrow_svm_payload_request_mismatch", "This node issued no open quote with that request id; ask again for a 402.");
            }
            if (S.QuoteExpires < time.GetUtcNow())
            {
                return PaymentOutcome.Refused("invalid_escrow_svm_payload_request_mismatch", $"The quote expired at {S.QuoteExpires:O}; ask again for a 402.");
            }
            if (S.DocRoot != payment.DocRoot)
            {
                return PaymentOutcome.Refused("invalid_escrow_svm_payload_document_mismatch", "The quote was issued for another document (its docRoot differs).");
            }
            requirements = offers.Escrow(new JobQuote(RequestId, S.DocRoot, S.Deadline, S.QuoteExpires));
        }
        else
        {
            if (S.Stage != JobStage.None) return PaymentOutcome.Refused("duplicate_settlement", $"Request {RequestId} is already in use.");
            S.Scheme = scheme;
            S.DocRoot = payment.DocRoot;
            requirements = offers.Exact();
        }

        S.Text = payment.Text;
        S.Sentences = payment.Sentences;
        var settlement = await offers.FacilitatorFor(requirements.Scheme).SettleAsync(decoded, requirements, submitting: async (signature, payer) =>
        {
            // Recorded before it is sent: if the node dies now, the restart asks the chain whether it landed.
            S.PaymentHash = hash;
            S.PaymentSignature = signature;
            S.Payer = payer;
            S.History.Add(new StageTime(S.Stage, time.GetUtcNow()));
            await WriteAsync();
            await Registry.TrackAsync(RequestId);
        });
        if (!settlement.Success)
        {
            // Nothing moved: forget the attempt so that the client can pay again.
            S.PaymentHash = S.PaymentSignature = S.Payer = S.Text = null;
            await WriteAsync();
            await Registry.UntrackAsync(RequestId);
            return PaymentOutcome.Refused(settlement.ErrorReason ?? "settlement_failed", "The payment was not settled; nothing was charged.");
        }
        S.Payer = settlement.Payer;
        S.Amount = settlement.Amount;
        await ConfirmPaymentAsync(settlement.Transaction);
        return new PaymentOutcome(Snapshot());
    }

    public async Task ContinueAsync()
    {
        try
        {
            while (await StepAsync())
            {
            }
        }
        catch (Exception e) when (IsTransient(e) && S.Failures < MaxRetries)
        {
            JobMetrics.Failure(transient: true);
            S.Failures++;
            var delay = TimeSpan.FromSeconds(Math.Min(60, 1 << S.Failures));
            logger.LogWarning(e, "Job {RequestId} at {Stage}: a transient failure ({Attempt}/{Max}); trying again in {Delay}", RequestId, S.Stage, S.Failures, MaxRetries, delay);
            await WriteAsync();
            RetryIn(delay);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {RequestId} failed at {Stage}", RequestId, S.Stage);
            JobMetrics.Failure(transient: false);
            await FailAsync($"{S.Stage} failed: {e.Message}");
        }
    }

    /// <summary>Does the step of the current stage; false when there is nothing more to do now.</summary>
    private async Task<bool> StepAsync()
    {
        switch (S.Stage)
        {
            case JobStage.None or JobStage.Quoted when S.PaymentSignature is not null && !S.PaymentConfirmed:
                if (await ResolvePendingPaymentAsync()) return false; // confirmed: ConfirmPaymentAsync started the work
                if (S.PaymentSignature is not null) RetryIn(TimeSpan.FromSeconds(10));
                return false;
            case JobStage.Escrowed:
                await EnterAsync(JobStage.Summarizing);
                return true;
            case JobStage.Summarizing:
                var draft = await Worker.SummarizeAsync(S.Text!, S.Sentences);
                S.Indices = [.. draft.Indices];
                S.SentenceTexts = [.. draft.Sentences];
                S.Method = draft.Method;
                // Without a program (a node that only sells `exact`) there is nothing to prove against.
                await EnterAsync(offers.Terms.ProgramId is null ? JobStage.Settled : JobStage.Proving);
                return true;
            case JobStage.Proving:
                S.ReceiptJson = await Worker.ProveAsync(S.Text!, S.Indices, RequestId);
                await EnterAsync(JobStage.Attesting);
                return true;
            case JobStage.Attesting:
                await AttestAsync();
                return true;
            case JobStage.PayingWorker:
                return await PayWorkerAsync();
            default:
                if (S.Stage.IsTerminal()) await Registry.UntrackAsync(RequestId);
                return false;
        }
    }

    private async Task AttestAsync()
    {
        var program = new EscrowProgram(PublicKey.Parse(offers.Terms.ProgramId!));
        var requestId = Convert.FromHexString(RequestId);
        if (await rpc.GetAccountInfoAsync(program.FindAttestation(requestId).Address) is not null)
        {
            await SettleAttestedAsync(); // it landed before a restart
            return;
        }
        var escrowed = S.Scheme == EscrowSvmVerifier.SchemeName;
        if (escrowed && await rpc.GetAccountInfoAsync(program.FindEscrow(requestId).Address) is null)
        {
            S.Error = "The escrow was closed without an attestation: the client refunded it after the deadline.";
            await EnterAsync(JobStage.Refunded);
            return;
        }
        SignedTransaction signed;
        try
        {
            signed = await Worker.SignAttestationAsync(S.ReceiptJson!, escrowed ? S.Payer! : null);
        }
        catch (WorkerMismatchException e)
        {
            // The node that proved is gone and the work moved to another worker: it proves again, with its own key.
            logger.LogWarning("Job {RequestId}: {Message}", RequestId, e.Message);
            await EnterAsync(JobStage.Proving);
            return;
        }
        S.AttestSignatures.Add(signed.Signature);
        await WriteAsync();
        try
        {
            await rpc.SendAndConfirmTransactionAsync(Transaction.FromBase64(signed.Base64));
        }
        catch (Exception e) when (ProgramError(e) is { } error)
        {
            if (error == EscrowError.AttestationExists) return; // the next step finds it
            await FailAsync(error switch
            {
                EscrowError.DeadlinePassed => "The deadline passed before the attestation landed.",
                EscrowError.ProofInvalid => "The program rejected the proof.",
                _ => $"The program refused the attestation: {error}.",
            });
            return;
        }
        await SettleAttestedAsync();
    }

    private async Task SettleAttestedAsync()
    {
        var receipt = Receipt.FromJson(S.ReceiptJson!);
        var transactions = new Dictionary<string, string> { [S.Scheme == EscrowSvmVerifier.SchemeName ? "openEscrow" : "payment"] = S.PaymentSignature! };
        if (S.AttestSignatures.Count > 0) transactions["attest"] = S.AttestSignatures[^1];
        S.ReceiptJson = (receipt with { Transactions = transactions }).ToJson();
        if (await rpc.GetAccountInfoAsync(PublicKey.Parse(receipt.Attestation)) is { } attestation)
        {
            JobMetrics.WorkerPaid(EscrowProgram.DecodeAttestation(attestation.Data).PaidToWorker, receipt.Worker);
        }
        logger.LogInformation("Job {RequestId} attested and paid out ({Signature})", RequestId, transactions.GetValueOrDefault("attest"));
        var owed = S.Scheme == ExactSvmVerifier.SchemeName && payouts.Owes(PublicKey.Parse(receipt.Worker));
        await EnterAsync(owed ? JobStage.PayingWorker : JobStage.Settled);
    }

    /// <summary>
    /// `exact`: transfers the worker its share. The transfer is recorded by signature before it is sent;
    /// after a restart the chain says whether it landed, and a new one is sent only once the old one can no
    /// longer land (its blockhash expired). A transfer the chain refuses leaves the job settled for the
    /// client, with the reason in its error for the operator, since the client's summary is done and paid.
    /// </summary>
    private async Task<bool> PayWorkerAsync()
    {
        if (S.PayoutSignature is { } sent)
        {
            var (landing, error) = await LandingAsync(sent, S.History[^1].At);
            switch (landing)
            {
                case Landing.Landed:
                    await PaidWorkerAsync(sent);
                    return true;
                case Landing.Failed:
                    await WorkerNotPaidAsync($"the transfer {sent} failed on chain: {error}");
                    return true;
                case Landing.Pending:
                    RetryIn(TimeSpan.FromSeconds(10));
                    return false;
            }
        }
        var resend = S.PayoutSignature is not null;
        var worker = PublicKey.Parse(Receipt.FromJson(S.ReceiptJson!).Worker);
        S.PayoutAmount = await payouts.ShareAsync(ulong.Parse(S.Amount!, System.Globalization.CultureInfo.InvariantCulture));
        var signed = await payouts.SignAsync(worker, S.PayoutAmount, RequestId);
        S.PayoutSignature = signed.Signature;
        if (resend) S.History.Add(new StageTime(JobStage.PayingWorker, time.GetUtcNow())); // the landing window counts from this send
        await WriteAsync();
        try
        {
            await rpc.SendAndConfirmTransactionAsync(Transaction.FromBase64(signed.Base64));
        }
        catch (Exception e) when (e is TransactionFailedException || (e is SolanaRpcException { TransactionError: not null }))
        {
            await WorkerNotPaidAsync($"the transfer was refused: {e.Message}");
            return true;
        }
        await PaidWorkerAsync(signed.Signature);
        return true;
    }

    private async Task PaidWorkerAsync(string signature)
    {
        var receipt = Receipt.FromJson(S.ReceiptJson!);
        var transactions = new Dictionary<string, string>(receipt.Transactions) { ["workerPayout"] = signature };
        S.ReceiptJson = (receipt with { Transactions = transactions }).ToJson();
        logger.LogInformation("Job {RequestId}: paid worker {Worker} its share, {Amount} ({Signature})", RequestId, receipt.Worker, S.PayoutAmount, signature);
        JobMetrics.WorkerPaid(S.PayoutAmount, receipt.Worker);
        await EnterAsync(JobStage.Settled);
    }

    private async Task WorkerNotPaidAsync(string reason)
    {
        logger.LogError("Job {RequestId}: the worker's share was not paid: {Reason}", RequestId, reason);
        S.Error = $"The summary is delivered, but the worker's share was not paid ({reason}); the operator owes it.";
        await EnterAsync(JobStage.Settled);
    }

    /// <summary>Asks the chain about a payment recorded before it was sent; true if it landed (and the work has started).</summary>
    private async Task<bool> ResolvePendingPaymentAsync()
    {
        var (landing, _) = await LandingAsync(S.PaymentSignature!, S.History.Count > 0 ? S.History[^1].At : DateTimeOffset.MinValue);
        if (landing == Landing.Landed)
        {
            logger.LogInformation("Job {RequestId}: its payment {Signature} landed before the restart", RequestId, S.PaymentSignature);
            await ConfirmPaymentAsync(S.PaymentSignature!);
            return true;
        }
        if (landing is Landing.Failed or Landing.Gone)
        {
            logger.LogInformation("Job {RequestId}: its payment {Signature} did not land; nothing was charged", RequestId, S.PaymentSignature);
            S.PaymentHash = S.PaymentSignature = S.Payer = S.Text = null;
            await WriteAsync();
            await Registry.UntrackAsync(RequestId);
        }
        return false;
    }

    private enum Landing { Landed, Failed, Pending, Gone }

    /// <summary>
    /// Where a transaction recorded before it was sent at <paramref name="sentAt"/> is: landed, failed on
    /// chain, possibly still in flight, or gone (not found after its blockhash expired, so it can never land).
    /// </summary>
    private async Task<(Landing Landing, string? Error)> LandingAsync(string signature, DateTimeOffset sentAt)
    {
        var status = (await rpc.GetSignatureStatusesAsync([signature], searchTransactionHistory: true))[0];
        if (status is { Error: null } && status.Reached(Commitment.Confirmed)) return (Landing.Landed, null);
        if (status is { Error: { } error }) return (Landing.Failed, error);
        return (time.GetUtcNow() - sentAt <= PaymentLandingWindow ? Landing.Pending : Landing.Gone, null);
    }

    private async Task ConfirmPaymentAsync(string signature)
    {
        S.PaymentSignature = signature;
        S.PaymentConfirmed = true;
        S.Amount ??= offers.Terms.PriceText;
        await EnterAsync(JobStage.Escrowed);
        JobMetrics.Settled(ulong.Parse(S.Amount, System.Globalization.CultureInfo.InvariantCulture), S.Scheme);
        await Registry.TrackAsync(RequestId);
        // The work goes on after this call returns, off the payer's request.
        _ = this.AsReference<ISummaryJobGrain>().ContinueAsync();
    }

    private async Task FailAsync(string reason)
    {
        S.Error = S.Scheme == EscrowSvmVerifier.SchemeName
            ? $"{reason} The payment stays in escrow; after the deadline ({DateTimeOffset.FromUnixTimeSeconds(S.Deadline):O}) the client gets it all back with `zks refund {RequestId}`."
            : $"{reason} The payment was transferred; contact the node's operator.";
        await EnterAsync(JobStage.Failed);
        await Registry.UntrackAsync(RequestId);
    }

    private void RetryIn(TimeSpan delay)
    {
        _retry?.Dispose();
        _retry = this.RegisterGrainTimer(_ => ContinueAsync(), new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task EnterAsync(JobStage stage)
    {
        S.Stage = stage;
        S.History.Add(new StageTime(stage, time.GetUtcNow()));
        await WriteAsync();
        JobMetrics.StageEntered(stage.ToString(), S.Scheme);
        if (stage.IsTerminal()) logger.LogInformation("Job {RequestId} is {Stage}", RequestId, stage);
    }

    private Task WriteAsync()
    {
        S.Version++;
        return job.WriteStateAsync();
    }

    private static EscrowError? ProgramError(Exception e) => e switch
    {
        SolanaRpcException rpcError => EscrowProgram.ErrorFromTransactionError(rpcError.TransactionError),
        TransactionFailedException failed => EscrowProgram.ErrorFromTransactionError(failed.Error),
        _ => null,
    };

    private static bool IsTransient(Exception e) =>
        e is HttpRequestException or TimeoutException or TaskCanceledException or SiloUnavailableException or OrleansMessageRejectionException
        || (e is SolanaRpcException rpcError && rpcError.TransactionError is null);

    private JobSnapshot Snapshot() => new()
    {
        RequestId = RequestId,
        Stage = S.Stage,
        Version = S.Version,
        Scheme = S.Scheme,
        DocRoot = S.DocRoot,
        Deadline = S.Deadline,
        Indices = S.Indices.ToArray(),
        Sentences = S.SentenceTexts.ToArray(),
        Method = S.Method,
        Payer = S.Payer,
        Amount = S.Amount,
        PaymentSignature = S.PaymentConfirmed ? S.PaymentSignature : null,
        PaymentHash = S.PaymentHash,
        ReceiptJson = S.ReceiptJson,
        Error = S.Error,
        History = S.History.ToArray(),
    };
}
