using Microsoft.Extensions.Logging;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Sales;
using ZkSummarize.Grains.Workers;
using ZkSummarize.Payments.Settlement;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Grains.Jobs;

/// <summary>
/// One paid summary as a durable state machine (docs/node.md, "Jobs"): each stage's step is one method
/// below, over the chain port <see cref="IJobChain"/>. Every stage is written before the step it starts and
/// every step is safe to repeat: the payment, the attestation and the worker's payout are recorded by
/// signature before they are sent and looked up on chain after a restart, and the program attests an
/// escrow at most once, so a retry never pays twice. A job is settled only when an attestation of exactly
/// the summary it proved is on chain, and only then are the summary and its receipt released.
/// </summary>
public sealed class SummaryJobGrain(
    [PersistentState("job", JobStorage.Name)] IPersistentState<SummaryJobState> job,
    PaymentOffers offers, CircuitChoice circuits, IJobChain chain, TimeProvider time, ILogger<SummaryJobGrain> logger) : Grain, ISummaryJobGrain
{
    /// <summary>Transient failures (RPC down, a node lost) retried before the job is given up as failed.</summary>
    private const int MaxRetries = 8;

    /// <summary>Extra time after a quote's expiry before it is forgotten, for a payment that arrived just in time.</summary>
    private static readonly TimeSpan QuoteGrace = TimeSpan.FromSeconds(5);

    private IGrainTimer? _retry;

    private SummaryJobState S => job.State;

    private string RequestId => this.GetPrimaryKeyString();

    private bool Escrowed => S.Scheme == EscrowSvmVerifier.SchemeName;

    private IJobRegistryGrain Registry => GrainFactory.GetGrain<IJobRegistryGrain>(0);

    /// <summary>How a payment-identifier id is kept: hashed, since it is the payer's secret.</summary>
    public static string PaymentIdHash(string paymentId) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(paymentId)));

    private ISummaryWorkerGrain Worker => GrainFactory.GetGrain<ISummaryWorkerGrain>(RequestId);

    public async Task<JobQuote> QuoteAsync(string docRoot, int sentences, long deadline, DateTimeOffset expires, CircuitOffer circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (S.Stage != JobStage.None) throw new InvalidOperationException($"Request id {RequestId} is already in use.");
        S.Scheme = EscrowSvmVerifier.SchemeName;
        S.DocRoot = docRoot;
        S.Sentences = sentences;
        S.Deadline = deadline;
        S.QuoteExpires = expires;
        S.Circuit = circuit;
        await EnterAsync(JobStage.Quoted);
        // Anyone can ask for a 402: an unpaid quote is forgotten when it expires, so quotes do not pile up in storage.
        var dueIn = expires - time.GetUtcNow() + QuoteGrace;
        this.RegisterGrainTimer(ForgetUnpaidQuoteAsync, new GrainTimerCreationOptions(dueIn > TimeSpan.Zero ? dueIn : QuoteGrace, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        return new JobQuote(RequestId, docRoot, deadline, expires, sentences, circuit);
    }

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
        var fingerprint = PaymentFingerprint.Of(decoded);
        if (fingerprint is null) return PaymentOutcome.Refused("invalid_payload", "The payment holds no valid base64 Solana transaction.");
        if (S.PaymentConfirmed || (S.PaymentSignature is not null && S.PaymentHash != fingerprint))
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
            if (S.Sentences != payment.Sentences)
            {
                return PaymentOutcome.Refused("invalid_escrow_svm_payload_sentences_mismatch", $"The quote was issued for a summary of {S.Sentences} sentences, not {payment.Sentences}.");
            }
            requirements = offers.Escrow(new JobQuote(RequestId, S.DocRoot, S.Deadline, S.QuoteExpires, S.Sentences, S.Circuit));
        }
        else
        {
            if (S.Stage != JobStage.None) return PaymentOutcome.Refused("duplicate_settlement", $"Request {RequestId} is already in use.");
            S.Scheme = scheme;
            S.DocRoot = payment.DocRoot;
            S.Sentences = payment.Sentences;
            requirements = offers.Exact();
        }

        S.Text = payment.Text;
        var settlement = await offers.FacilitatorFor(requirements.Scheme).SettleAsync(decoded, requirements, submitting: async (signature, payer) =>
        {
            // Recorded before it is sent: if the node dies now, the restart asks the chain whether it landed.
            S.PaymentHash = fingerprint;
            S.PaymentIdHash = payment.PaymentId is null ? null : PaymentIdHash(payment.PaymentId);
            S.PaymentSignature = signature;
            S.Payer = payer;
            S.History.Add(new StageTime(S.Stage, time.GetUtcNow()));
            await WriteAsync();
            await Registry.TrackAsync(RequestId);
        });
        if (!settlement.Success)
        {
            // Nothing moved: forget the attempt so that the client can pay again.
            S.PaymentHash = S.PaymentIdHash = S.PaymentSignature = S.Payer = S.Text = null;
            await WriteAsync();
            await Registry.UntrackAsync(RequestId);
            return PaymentOutcome.Refused(settlement.ErrorReason ?? "settlement_failed", "The payment was not settled; nothing was charged.");
        }
        S.Payer = settlement.Payer;
        S.Amount = settlement.Amount;
        await ConfirmPaymentAsync(settlement.Transaction);
        return new PaymentOutcome(Snapshot(), SettledNow: true);
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

    /// <summary>The transition table: does the step of the current stage; false when there is nothing more to do now.</summary>
    private async Task<bool> StepAsync() => S.Stage switch
    {
        JobStage.None or JobStage.Quoted when S.PaymentSignature is not null && !S.PaymentConfirmed => await AwaitPaymentAsync(),
        JobStage.Escrowed => await EnterAsync(JobStage.Summarizing),
        JobStage.Summarizing => await SummarizeAsync(),
        JobStage.Proving => await ProveAsync(),
        JobStage.Attesting => await AttestAsync(),
        JobStage.PayingWorker => await PayWorkerAsync(),
        _ => await StopAsync(),
    };

    private async Task<bool> AwaitPaymentAsync()
    {
        if (await ResolvePendingPaymentAsync()) return false; // confirmed: ConfirmPaymentAsync started the work
        if (S.PaymentSignature is not null) RetryIn(TimeSpan.FromSeconds(10));
        return false;
    }

    private async Task<bool> SummarizeAsync()
    {
        var draft = await Worker.SummarizeAsync(S.Text!, S.Sentences);
        S.Indices = [.. draft.Indices];
        S.SentenceTexts = [.. draft.Sentences];
        S.Method = draft.Method;
        // Without a program (a node that only sells `exact`) there is nothing to prove against.
        return await EnterAsync(offers.Terms.ProgramId is null ? JobStage.Settled : JobStage.Proving);
    }

    private async Task<bool> ProveAsync()
    {
        if (!Escrowed && S.Circuit is null)
        {
            try
            {
                // A direct job was not quoted: its circuit is chosen now, the smallest the network offers that fits.
                S.Circuit = await circuits.ChooseAsync(Core.Documents.Document.Parse(S.Text!).Sentences.Count, S.Indices.Count);
            }
            catch (Core.Commitments.GroundingException e)
            {
                await FailAsync(e.Message);
                return false;
            }
        }
        var request = Escrowed
            ? new ProofRequest(RequestId, offers.Terms.Network, Settlements.Escrow, S.Deadline, S.Circuit)
            : new ProofRequest(RequestId, offers.Terms.Network, Settlements.Direct, Circuit: S.Circuit);
        string receipt;
        try
        {
            receipt = await Worker.ProveAsync(S.Text!, S.Indices, request);
        }
        catch (ProofTooLateException e)
        {
            // Work that cannot be paid is not done: the job ends here, and the client refunds after the deadline.
            await FailAsync(e.Message);
            return false;
        }
        S.ReceiptJson = receipt;
        S.Receipts[Receipt.FromJson(receipt).Worker] = receipt;
        return await EnterAsync(JobStage.Attesting);
    }

    /// <summary>
    /// Finds the attestation or sends it. What is on chain decides: an attestation that lands is judged
    /// against the summary this node proved before the job counts as settled; one still in flight is waited
    /// for; an escrow closed without one was refunded.
    /// </summary>
    private async Task<bool> AttestAsync()
    {
        foreach (var worker in Escrowed ? [(string?)null] : S.Receipts.Keys.Select(k => (string?)k))
        {
            if (await chain.FindAttestationAsync(RequestId, worker) is { } found) return await JudgeAttestationAsync(found);
        }
        if (S.AttestSignatures.Count > 0 && (await chain.LandingAsync(S.AttestSignatures[^1], S.AttestSentAt)).Landing == Landing.Pending)
        {
            RetryIn(TimeSpan.FromSeconds(5)); // an attestation in flight lands or expires before anything else is tried
            return false;
        }
        if (Escrowed && !await chain.EscrowOpenAsync(RequestId))
        {
            S.Error = "The escrow was closed without an attestation of this job: the client refunded it after the deadline.";
            return await EnterAsync(JobStage.Refunded);
        }
        string signed;
        try
        {
            signed = await Worker.SignAttestationAsync(S.ReceiptJson!);
        }
        catch (WorkerMismatchException e)
        {
            // The node that proved is gone and the work moved to another worker: it proves again, with its own key.
            logger.LogWarning("Job {RequestId}: {Message}", RequestId, e.Message);
            return await EnterAsync(JobStage.Proving);
        }
        S.AttestSignatures.Add(chain.SignatureOf(signed));
        S.AttestSentAt = time.GetUtcNow();
        await WriteAsync();
        var sent = await chain.SendAsync(signed);
        // Landed, or someone's attestation or a refund got there first: the next step looks at what is on chain.
        if (sent.Landed || sent.ProgramError is "AttestationExists" or "EscrowNotOpen") return true;
        await FailAsync(sent.ProgramError switch
        {
            "DeadlinePassed" => "The deadline passed before the attestation landed.",
            "ProofInvalid" => "The program rejected the proof.",
            "WorkerNotRegistered" => "The program refused the attestation: this node's worker is not registered by the escrow's operator (zks worker register).",
            null => $"The attestation was refused: {sent.Error}",
            var error => $"The program refused the attestation: {error}.",
        });
        return false;
    }

    /// <summary>Settles the job only if the attestation on chain is of exactly the summary proven here, for this payment.</summary>
    private async Task<bool> JudgeAttestationAsync(AttestationRecord attestation)
    {
        var receiptJson = S.Receipts.GetValueOrDefault(attestation.Worker);
        var receipt = receiptJson is null ? null : Receipt.FromJson(receiptJson);
        var mismatch = AttestationMismatch(attestation, receipt);
        if (mismatch is not null)
        {
            logger.LogError("Job {RequestId}: the attestation on chain does not match: {Mismatch}", RequestId, mismatch);
            S.Error = $"The attestation on chain does not match the summary this node proved ({mismatch}), so the summary is not released. "
                + (Escrowed ? "The escrow was paid out to its attester; contact the node's operator." : "The payment was transferred; contact the node's operator.");
            await EnterAsync(JobStage.Failed);
            return true;
        }
        var transactions = new Dictionary<string, string> { [Escrowed ? "openEscrow" : "payment"] = S.PaymentSignature! };
        if (await LandedAttestationAsync() is { } signature) transactions["attest"] = signature;
        S.ReceiptJson = (receipt! with { Transactions = transactions }).ToJson();
        JobMetrics.WorkerPaid(attestation.PaidToWorker, attestation.Worker);
        logger.LogInformation("Job {RequestId} attested by {Worker} ({Signature})", RequestId, attestation.Worker, transactions.GetValueOrDefault("attest"));
        return await EnterAsync(!Escrowed && chain.PaysWorker(attestation.Worker) ? JobStage.PayingWorker : JobStage.Settled);
    }

    /// <summary>Why an attestation is not the one this job needs, or null when it is.</summary>
    private string? AttestationMismatch(AttestationRecord a, Receipt? receipt)
    {
        if (receipt is null) return $"it was made by worker {a.Worker}, for whom this node holds no proof";
        if (a.Escrowed != Escrowed) return a.Escrowed ? "it settled an escrow, but this job was paid directly" : "it is a direct attestation, but this job is in escrow";
        if (a.DocRoot != S.DocRoot) return "it is of another document";
        if (a.SummaryHash != receipt.SummaryHash || a.Sentences != receipt.Summary.Count || a.Sentences != S.Sentences) return "it is of another summary";
        if (a.VerifyingKeyHash != receipt.VerifyingKeyHash) return "it was checked under another verifying key";
        if (!Escrowed) return null;
        if (a.Operator != offers.Terms.Operator) return $"its escrow names operator {a.Operator}, not this node's {offers.Terms.Operator}";
        if (a.PaidToWorker + a.PaidFee != ulong.Parse(S.Amount!, System.Globalization.CultureInfo.InvariantCulture)) return "it paid out another amount than this payment";
        return null;
    }

    /// <summary>The signature of the attestation transaction that landed, among those this job sent.</summary>
    private async Task<string?> LandedAttestationAsync()
    {
        foreach (var signature in Enumerable.Reverse(S.AttestSignatures))
        {
            if ((await chain.LandingAsync(signature, S.AttestSentAt)).Landing == Landing.Landed) return signature;
        }
        return null;
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
            var (landing, error) = await chain.LandingAsync(sent, S.History[^1].At);
            switch (landing)
            {
                case Landing.Landed:
                    return await PaidWorkerAsync(sent);
                case Landing.Failed:
                    return await WorkerNotPaidAsync($"the transfer {sent} failed on chain: {error}");
                case Landing.Pending:
                    RetryIn(TimeSpan.FromSeconds(10));
                    return false;
            }
        }
        var resend = S.PayoutSignature is not null;
        var worker = Receipt.FromJson(S.ReceiptJson!).Worker;
        var payout = await chain.PrepareWorkerPayoutAsync(worker, ulong.Parse(S.Amount!, System.Globalization.CultureInfo.InvariantCulture), RequestId);
        S.PayoutAmount = payout.Amount;
        S.PayoutSignature = payout.Signature;
        if (resend) S.History.Add(new StageTime(JobStage.PayingWorker, time.GetUtcNow())); // the landing window counts from this send
        await WriteAsync();
        var outcome = await chain.SendAsync(payout.Transaction);
        return outcome.Landed ? await PaidWorkerAsync(payout.Signature) : await WorkerNotPaidAsync($"the transfer was refused: {outcome.Error}");
    }

    private async Task<bool> PaidWorkerAsync(string signature)
    {
        var receipt = Receipt.FromJson(S.ReceiptJson!);
        var transactions = new Dictionary<string, string>(receipt.Transactions) { ["workerPayout"] = signature };
        S.ReceiptJson = (receipt with { Transactions = transactions }).ToJson();
        logger.LogInformation("Job {RequestId}: paid worker {Worker} its share, {Amount} ({Signature})", RequestId, receipt.Worker, S.PayoutAmount, signature);
        JobMetrics.WorkerPaid(S.PayoutAmount, receipt.Worker);
        return await EnterAsync(JobStage.Settled);
    }

    private async Task<bool> WorkerNotPaidAsync(string reason)
    {
        logger.LogError("Job {RequestId}: the worker's share was not paid: {Reason}", RequestId, reason);
        S.Error = $"The summary is delivered, but the worker's share was not paid ({reason}); the operator owes it.";
        return await EnterAsync(JobStage.Settled);
    }

    private async Task<bool> StopAsync()
    {
        if (S.Stage.IsTerminal()) await Registry.UntrackAsync(RequestId);
        return false;
    }

    /// <summary>Asks the chain about a payment recorded before it was sent; true if it landed (and the work has started).</summary>
    private async Task<bool> ResolvePendingPaymentAsync()
    {
        var (landing, _) = await chain.LandingAsync(S.PaymentSignature!, S.History.Count > 0 ? S.History[^1].At : DateTimeOffset.MinValue);
        if (landing == Landing.Landed)
        {
            logger.LogInformation("Job {RequestId}: its payment {Signature} landed before the restart", RequestId, S.PaymentSignature);
            await ConfirmPaymentAsync(S.PaymentSignature!);
            return true;
        }
        if (landing is Landing.Failed or Landing.Gone)
        {
            logger.LogInformation("Job {RequestId}: its payment {Signature} did not land; nothing was charged", RequestId, S.PaymentSignature);
            S.PaymentHash = S.PaymentIdHash = S.PaymentSignature = S.Payer = S.Text = null;
            await WriteAsync();
            await Registry.UntrackAsync(RequestId);
        }
        return false;
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
        S.Error = Escrowed
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

    /// <summary>Persists the new stage; true, so that a step can end with it and the table goes on to the next.</summary>
    private async Task<bool> EnterAsync(JobStage stage)
    {
        S.Stage = stage;
        S.History.Add(new StageTime(stage, time.GetUtcNow()));
        await WriteAsync();
        JobMetrics.StageEntered(stage.ToString(), S.Scheme);
        if (stage.IsTerminal()) logger.LogInformation("Job {RequestId} is {Stage}", RequestId, stage);
        return true;
    }

    private Task WriteAsync()
    {
        S.Version++;
        return job.WriteStateAsync();
    }

    private static bool IsTransient(Exception e) =>
        e is HttpRequestException or TimeoutException or TaskCanceledException or ChainUnavailableException or SiloUnavailableException or OrleansMessageRejectionException;

    private JobSnapshot Snapshot()
    {
        var settled = S.Stage == JobStage.Settled;
        return new JobSnapshot
        {
            RequestId = RequestId,
            Stage = S.Stage,
            Version = S.Version,
            Scheme = S.Scheme,
            DocRoot = S.DocRoot,
            Deadline = S.Deadline,
            SentencesPaidFor = S.Sentences,
            // The summary is released only once it is paid for for good: attested on chain.
            Indices = settled ? S.Indices.ToArray() : [],
            Sentences = settled ? S.SentenceTexts.ToArray() : [],
            Method = S.Method,
            Payer = S.Payer,
            Amount = S.Amount,
            PaymentSignature = S.PaymentConfirmed ? S.PaymentSignature : null,
            PaymentHash = S.PaymentHash,
            PaymentIdHash = S.PaymentIdHash,
            ReceiptJson = settled ? S.ReceiptJson : null,
            Error = S.Error,
            History = S.History.ToArray(),
        };
    }
}
