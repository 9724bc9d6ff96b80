using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Options;
using ZkSummarize.Core;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Grains;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Grains.Sales;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Node;

/// <summary>
/// A document ready to be sold: its text, its commitment (docRoot, hex), the summary length asked for, and on a
/// node that sells escrow the grounding circuit (with its key) an escrow for it is quoted under.
/// </summary>
public sealed record SummaryOrder(string Text, string DocRoot, int Sentences, CircuitOffer? Circuit = null);

/// <summary>
/// Why an order or a payment was not taken: an HTTP status, a sentence that says what to change, an x402
/// error code when it is a payment problem, the request field at fault (gRPC's field violations) and a title.
/// </summary>
public sealed record OrderProblem(int Status, string Message, string? Reason = null, string? Field = null, string? Title = null);

/// <summary>
/// The result of presenting a payment: the job (finished, or as far as it got), or the problem.
/// <paramref name="MayRead"/>: whether this presenter may have the summary — the request that settled the
/// payment, or a retry carrying its payment-identifier id (a secret of the payer's, unlike the payment).
/// </summary>
public sealed record Purchase(JobSnapshot? Job, OrderProblem? Problem, bool MayRead = false);

/// <summary>
/// Selling summaries, for the HTTP API and the gRPC service alike: check the document, offer the
/// payment schemes (issuing an escrow quote), and hand a payment to the job grain of its request id.
/// A proving node quotes and takes payments only while the queue can be proven in time (<see cref="NodeAdmission"/>).
/// </summary>
public sealed class PaidSummaries(IGrainFactory grains, PaymentOffers offers, CircuitChoice circuits, SolanaRpcClient rpc, NodeAdmission admission, IOptions<NodeOptions> options, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>What is sold, as every transport's x402 resource describes it.</summary>
    public const string ResourceDescription = "A proven extractive summary of the submitted document";

    /// <summary>Checks the document and the length, and chooses the circuit that proves it; the problem says what to change.</summary>
    public async Task<(SummaryOrder? Order, OrderProblem? Problem)> PrepareAsync(string? text, int? sentences, CancellationToken cancellationToken = default)
    {
        var (order, problem, documentSentences) = Check(text, sentences);
        if (order is null || !offers.OffersEscrow) return (order, problem);
        try
        {
            return (order with { Circuit = await circuits.ChooseAsync(documentSentences, order.Sentences, cancellationToken) }, null);
        }
        catch (GroundingException e)
        {
            return (null, new OrderProblem(422, e.Message, Field: "text", Title: "No circuit proves this document"));
        }
    }

    private (SummaryOrder? Order, OrderProblem? Problem, int DocumentSentences) Check(string? text, int? sentences)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(text)) return (null, new OrderProblem(400, "Send the document as {\"text\": \"...\"}.", Field: "text", Title: "No text"), 0);
        if (Encoding.UTF8.GetByteCount(text) > o.MaxDocumentBytes)
        {
            return (null, new OrderProblem(413, $"The document is larger than {o.MaxDocumentBytes:N0} bytes. Split it and summarise the parts.", Field: "text", Title: "Document too large"), 0);
        }
        var count = sentences ?? o.DefaultSentences;
        if (count is < 1 or > CommitmentLimits.MaxSummarySentences)
        {
            return (null, new OrderProblem(400, $"sentences must be 1 to {CommitmentLimits.MaxSummarySentences}.", Field: "sentences", Title: "sentences out of range"), 0);
        }
        Document document;
        try
        {
            document = Document.Parse(text);
        }
        catch (DocumentException e)
        {
            return (null, new OrderProblem(400, e.Message, Field: "text", Title: "Not a document"), 0);
        }
        // A summary as long as its document is the document: refused before payment rather than sold (docs/node.md).
        if (count >= document.Sentences.Count) return (null, new OrderProblem(422, TooShort(document.Sentences.Count, count, sentences is null), Field: "sentences", Title: "Nothing to summarise"), 0);
        var commitment = DocumentCommitment.Create(document);
        return (new SummaryOrder(text, Convert.ToHexStringLower(commitment.DocRoot.ToBytesBigEndian()), count), null, document.Sentences.Count);
    }

    private static string TooShort(int documentSentences, int asked, bool byDefault)
    {
        var has = documentSentences == 1 ? "one sentence" : $"{documentSentences} sentences";
        var what = byDefault ? $"the node's default of {asked}" : $"the {asked} asked for";
        return documentSentences == 1
            ? "The document has one sentence, so its summary would be the whole document. Nothing was charged; send a longer document."
            : $"The document has {has}, no more than {what}, so the summary would be the whole document. Nothing was charged; ask for at most {documentSentences - 1} (\"sentences\": {documentSentences - 1}) or send a longer document.";
    }

    /// <summary>The schemes this node accepts for the order: `exact`, and `escrow` under a fresh quote bound to the document.</summary>
    /// <exception cref="NodeBusyException">A proving node's queue would not be proven in time: nothing was quoted.</exception>
    public async Task<IReadOnlyList<PaymentRequirements>> OffersAsync(SummaryOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!offers.OffersEscrow) return [offers.Exact()]; // no program: nothing to prove, no queue to guard
        var requestId = Convert.ToHexStringLower(FieldEncoding.NewRequestId());
        var admitted = await admission.AdmitAsync(requestId);
        // The program checks the deadline against the chain's clock, so it is set from that clock.
        var chainNow = (await rpc.GetClockAsync()).UnixTimestamp;
        var quote = await grains.GetGrain<ISummaryJobGrain>(requestId)
            .QuoteAsync(order.DocRoot, order.Sentences, chainNow + offers.Terms.EscrowSeconds, time.GetUtcNow() + offers.Terms.QuoteValidity,
                order.Circuit ?? throw new InvalidOperationException("The order was not prepared with PrepareAsync: it names no circuit."));
        JobMetrics.Quoted(admitted.ExpectedWait);
        return [offers.Exact(), offers.Escrow(quote, admitted.ExpectedWait)];
    }

    /// <summary>
    /// What a client must pay for the order, as x402's PaymentRequired, whatever the transport carries it in
    /// (the HTTP header, the gRPC reply, an MCP tool result); <paramref name="error"/> says why it is asked.
    /// </summary>
    public async Task<PaymentRequired> RequirementsAsync(SummaryOrder order, ResourceInfo resource, string? error) =>
        new(X402Headers.Version, resource, await OffersAsync(order), error, PaymentIdentifier.Advertise());

    /// <summary>The answer to a payment presented again by someone who may not read the summary (it is public on chain, so it proves nothing).</summary>
    public static string AlreadyPaid(string requestId) =>
        $"This payment was presented before. The payer reads the summary with GET /v1/summaries/{requestId} and a {SummaryAccess.Header} header, or by retrying with the payment-identifier id it paid with.";

    /// <summary>Settles the payment for the order and waits for the job to finish (or the caller to give up).</summary>
    public async Task<Purchase> BuyAsync(SummaryOrder order, string paymentHeader, CancellationToken cancellationToken)
    {
        var paid = await PayAsync(order, paymentHeader);
        return paid.Problem is not null ? paid : paid with { Job = await WaitAsync(paid.Job!.RequestId, cancellationToken) };
    }

    /// <summary>Settles the payment for the order and returns once the job has started.</summary>
    public async Task<Purchase> PayAsync(SummaryOrder order, string paymentHeader)
    {
        ArgumentNullException.ThrowIfNull(order);
        PaymentPayload payment;
        string? paymentId;
        try
        {
            payment = X402Headers.DecodePayment(paymentHeader);
        }
        catch (X402FormatException e)
        {
            return new Purchase(null, new OrderProblem(402, e.Message, e.Reason));
        }
        try
        {
            paymentId = PaymentIdentifier.Read(payment);
        }
        catch (X402FormatException e)
        {
            return new Purchase(null, new OrderProblem(400, e.Message, e.Reason, Title: "Invalid payment identifier"));
        }
        var requestId = RequestIdOf(payment);
        if (requestId is null)
        {
            return payment.Accepted.Scheme == EscrowSvmVerifier.SchemeName
                ? new Purchase(null, new OrderProblem(402, "The escrow payment names no request id from a quote of this node.", "invalid_escrow_svm_payload_request_mismatch"))
                : new Purchase(null, new OrderProblem(402, "The payment holds no valid base64 Solana transaction.", "invalid_exact_svm_payload_transaction"));
        }
        var job = grains.GetGrain<ISummaryJobGrain>(requestId);
        if (paymentId is not null && PaymentFingerprint.Of(payment) is { } fingerprint)
        {
            var claim = await grains.GetGrain<IPaymentIdGrain>(paymentId).ClaimAsync(fingerprint, requestId);
            if (claim.Conflict) return new Purchase(null, new OrderProblem(409, $"The payment id {paymentId} was used with another payment.", Title: "Payment id used with another payment"));
            var earlier = await job.GetAsync();
            // The same request again: charged once, and readable if it carries the id the payment was settled with.
            if (earlier.PaymentSignature is not null && earlier.PaymentHash == fingerprint) return new Purchase(earlier, null, SettledWith(earlier, paymentId));
        }
        var escrow = payment.Accepted.Scheme == EscrowSvmVerifier.SchemeName;
        // An `exact` payment needs no quote (its requirements never change), so it is admitted here, before it is settled.
        if (!escrow && offers.OffersEscrow && (await job.GetAsync()).Stage == JobStage.None) await admission.AdmitAsync(requestId);
        PaymentOutcome? outcome = null;
        try
        {
            outcome = await job.PayAsync(new JobPayment(paymentHeader, order.Text, order.DocRoot, order.Sentences, paymentId));
        }
        finally
        {
            // Paid, it is in the registry's queue now; refused, an `exact` payment holds nothing (an escrow quote keeps its place for a retry).
            if (!escrow || outcome is { Accepted: true }) await admission.ReleaseAsync(requestId);
        }
        return outcome.Accepted
            ? new Purchase(outcome.Job, null, outcome.SettledNow || SettledWith(outcome.Job!, paymentId))
            : new Purchase(null, new OrderProblem(402, outcome.ErrorMessage ?? "The payment was refused.", outcome.ErrorReason));
    }

    /// <summary>
    /// Whether the payment-identifier id is the one the job's payment was settled with. The id travels only
    /// in the payer's header, never on chain, so a third party who rebuilds the payment cannot know it.
    /// </summary>
    private static bool SettledWith(JobSnapshot job, string? paymentId) =>
        paymentId is not null && job.PaymentIdHash is { } hash && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(SummaryJobGrain.PaymentIdHash(paymentId)), Encoding.ASCII.GetBytes(hash));

    public Task<JobSnapshot> GetAsync(string requestId) => grains.GetGrain<ISummaryJobGrain>(requestId).GetAsync();

    /// <summary>
    /// Whether the caller proved it is the payer of this job (<see cref="SummaryAccess"/>). Request ids and
    /// payments are public on chain, so the summary, which is the client's content, goes only to whoever
    /// can sign with the paying key.
    /// </summary>
    public static bool IsPayer(JobSnapshot job, string? payerSignature)
    {
        ArgumentNullException.ThrowIfNull(job);
        return SummaryAccess.Verify(job.Payer, job.RequestId, payerSignature);
    }

    /// <summary>Polls the job until it is settled, refunded or failed.</summary>
    public async Task<JobSnapshot> WaitAsync(string requestId, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in WatchAsync(requestId, cancellationToken))
        {
            if (snapshot.Stage.IsTerminal()) return snapshot;
        }
        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>Every change of the job, until it is settled, refunded or failed.</summary>
    public async IAsyncEnumerable<JobSnapshot> WatchAsync(string requestId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var job = grains.GetGrain<ISummaryJobGrain>(requestId);
        var seen = -1;
        while (true)
        {
            var snapshot = await job.GetAsync();
            if (snapshot.Version != seen)
            {
                seen = snapshot.Version;
                yield return snapshot;
            }
            if (snapshot.Stage.IsTerminal() || snapshot.Stage == JobStage.None) yield break;
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>The settlement of a paid job, as x402's SettlementResponse.</summary>
    public SettlementResponse PaymentResponse(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new SettlementResponse(true, job.PaymentSignature ?? "", offers.Terms.Network, job.Payer, Amount: job.Amount);
    }

    /// <summary>The settlement header of a paid job, for PAYMENT-RESPONSE.</summary>
    public string PaymentResponseHeader(JobSnapshot job) => X402Headers.Encode(PaymentResponse(job));

    // Escrow payments name the quote's request id; an `exact` payment is its own request, keyed by its transaction.
    private static string? RequestIdOf(PaymentPayload payment)
    {
        if (payment.Accepted.Scheme == EscrowSvmVerifier.SchemeName)
        {
            var id = payment.Accepted.Extra?["requestId"] is { } node && node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : null;
            return id is { Length: 64 } && id.All(char.IsAsciiHexDigitLower) ? id : null;
        }
        var transaction = payment.Payload["transaction"] is { } t && t.GetValueKind() == System.Text.Json.JsonValueKind.String ? t.GetValue<string>() : null;
        return ExactRequestId.TryOf(transaction) is { } exactId ? Convert.ToHexStringLower(exactId) : null;
    }
}
