using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Jobs;
using ZkSummarize.Payments.Settlement;

namespace ZkSummarize.Grains.Tests;

/// <summary>
/// The job grain's transitions over a fake chain (docs/security.md): it settles, and releases the summary,
/// only when the attestation on chain is of exactly the summary it proved for this payment; a squatted or
/// mismatched attestation, a refund, a refusal or a lost worker each end where the money says.
/// </summary>
public sealed class SummaryJobGrainTests(JobGrainFixture f) : IClassFixture<JobGrainFixture>
{
    private const string Text = "The council met on Monday. It approved the budget. Buses will run more often. Critics were not convinced. The vote was close.";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static string NewRequestId() => Convert.ToHexStringLower(Core.Commitments.FieldEncoding.NewRequestId());

    private ISummaryJobGrain Job(string requestId) => f.Grains.GetGrain<ISummaryJobGrain>(requestId);

    /// <summary>Quotes an escrow of two sentences and pays it; the escrow is open on the fake chain.</summary>
    private async Task<(string RequestId, PaymentOutcome Paid, string Header)> PayEscrowAsync(string? requestId = null)
    {
        requestId ??= NewRequestId();
        f.Chain.OpenEscrows[requestId] = true;
        await Job(requestId).QuoteAsync(JobGrainFixture.DocRoot, 2, DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5), JobGrainFixture.Circuit);
        var header = Payments.Header("escrow", requestId);
        return (requestId, await Job(requestId).PayAsync(new JobPayment(header, Text, JobGrainFixture.DocRoot, 2)), header);
    }

    private async Task<JobSnapshot> UntilAsync(string requestId, Func<JobSnapshot, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await Job(requestId).GetAsync();
            if (done(job)) return job;
            Assert.True(DateTime.UtcNow < deadline, $"job {requestId} stuck at {job.Stage}: {job.Error}");
            await Task.Delay(20, Ct);
        }
    }

    private Task<JobSnapshot> FinishedAsync(string requestId) => UntilAsync(requestId, j => j.Stage.IsTerminal());

    /// <summary>The attestation the program writes for the job's own proof (an escrow's unless a direct worker is named).</summary>
    private static AttestationRecord Honest(string requestId, IReadOnlyList<int> indices, string worker, bool escrowed = true) =>
        new(escrowed, worker, JobGrainFixture.DocRoot, FakeWork.SummaryHashOf(requestId, indices), indices.Count, FakeWork.KeyHash,
            escrowed ? JobGrainFixture.Price - JobGrainFixture.Price / 20 : 0, escrowed ? JobGrainFixture.Price / 20 : 0, escrowed ? JobGrainFixture.Operator : null);

    /// <summary>On send, the program attests what the job proved (it reads the proven indices from the transaction's request).</summary>
    private void LandHonestly(string requestId, Func<AttestationRecord, AttestationRecord>? change = null, bool escrowed = true) =>
        f.Chain.OnSend(requestId, async transaction =>
        {
            var worker = transaction.Split(':')[2];
            var indices = (await f.Grains.GetGrain<Workers.ISummaryWorkerGrain>(requestId).SummarizeAsync(Text, 2)).Indices;
            var record = Honest(requestId, indices, worker, escrowed);
            f.Chain.Attest(requestId, escrowed ? null : worker, change is null ? record : change(record));
            f.Chain.Landings[f.Chain.SignatureOf(transaction)] = Landing.Landed;
            f.Chain.OpenEscrows[requestId] = false;
            return SendOutcome.Success;
        });

    [Fact]
    public async Task An_escrow_job_settles_when_its_attestation_lands_and_only_then_releases_the_summary()
    {
        var requestId = NewRequestId();
        var release = new TaskCompletionSource();
        var honest = f.Chain;
        honest.OnSend(requestId, async transaction =>
        {
            await release.Task; // the attestation is in flight
            var indices = (await f.Grains.GetGrain<Workers.ISummaryWorkerGrain>(requestId).SummarizeAsync(Text, 2)).Indices;
            honest.Attest(requestId, null, Honest(requestId, indices, f.Work.Worker));
            honest.Landings[honest.SignatureOf(transaction)] = Landing.Landed;
            return SendOutcome.Success;
        });
        var (_, paid, _) = await PayEscrowAsync(requestId);
        Assert.True(paid.Accepted && paid.SettledNow);

        var attesting = await UntilAsync(requestId, j => j.Stage == JobStage.Attesting);
        Assert.Empty(attesting.Sentences); // proven, paid for in escrow, but not yet paid out: nothing is released
        Assert.Null(attesting.ReceiptJson);
        release.SetResult();

        var settled = await FinishedAsync(requestId);
        Assert.Equal(JobStage.Settled, settled.Stage);
        Assert.Equal(2, settled.Sentences.Count);
        var receipt = Receipt.FromJson(settled.ReceiptJson!);
        Assert.Equal(f.Chain.SignatureOf($"attest:{requestId}:{f.Work.Worker}"), receipt.Transactions["attest"]);
        Assert.Single(f.Chain.Sent, t => t.StartsWith($"attest:{requestId}", StringComparison.Ordinal));
    }

    /// <summary>security.md N2: an account at the attestation address used to count as "attested and paid".</summary>
    [Theory]
    [InlineData("summary")]
    [InlineData("document")]
    [InlineData("key")]
    [InlineData("operator")]
    [InlineData("amount")]
    [InlineData("count")]
    [InlineData("direct")]
    [InlineData("stranger")]
    public async Task An_attestation_that_is_not_of_this_jobs_summary_and_payment_fails_the_job_and_releases_nothing(string mismatch)
    {
        var requestId = NewRequestId();
        LandHonestly(requestId, a => mismatch switch
        {
            "summary" => a with { SummaryHash = "another summary" },
            "document" => a with { DocRoot = "another document" },
            "key" => a with { VerifyingKeyHash = "another key" },
            "operator" => a with { Operator = "AnotherOperator" },
            "amount" => a with { PaidToWorker = 1 },
            "count" => a with { Sentences = 1 },
            "direct" => a with { Escrowed = false },
            _ => a with { Worker = "Stranger" },
        });
        await PayEscrowAsync(requestId);
        var job = await FinishedAsync(requestId);
        Assert.Equal(JobStage.Failed, job.Stage);
        Assert.Contains("does not match the summary this node proved", job.Error, StringComparison.Ordinal);
        Assert.Empty(job.Sentences);
        Assert.Null(job.ReceiptJson);
    }

    /// <summary>An escrow closed with no attestation of this job was refunded: the job says so, and sends nothing.</summary>
    [Fact]
    public async Task An_escrow_refunded_before_the_attestation_ends_the_job_as_refunded()
    {
        var requestId = NewRequestId();
        f.Chain.OnSend(requestId, _ => Task.FromResult(new SendOutcome(false, "EscrowNotOpen")));
        f.Chain.OpenEscrows[requestId] = true;
        await Job(requestId).QuoteAsync(JobGrainFixture.DocRoot, 2, DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5), JobGrainFixture.Circuit);
        var paying = Job(requestId).PayAsync(new JobPayment(Payments.Header("escrow", requestId), Text, JobGrainFixture.DocRoot, 2));
        f.Chain.OpenEscrows[requestId] = false; // the client refunded it after the deadline, before the worker attested
        await paying;
        var job = await FinishedAsync(requestId);
        Assert.Equal(JobStage.Refunded, job.Stage);
        Assert.Contains("refunded", job.Error, StringComparison.Ordinal);
        Assert.Empty(job.Sentences);
    }

    [Theory]
    [InlineData("DeadlinePassed", "The deadline passed")]
    [InlineData("ProofInvalid", "rejected the proof")]
    [InlineData("WorkerNotRegistered", "zks worker register")]
    public async Task An_attestation_the_program_refuses_fails_the_job_and_says_where_the_money_is(string error, string expected)
    {
        var requestId = NewRequestId();
        f.Chain.OnSend(requestId, transaction =>
        {
            f.Chain.Landings[f.Chain.SignatureOf(transaction)] = Landing.Failed;
            return Task.FromResult(new SendOutcome(false, error, $"custom program error {error}"));
        });
        await PayEscrowAsync(requestId);
        var job = await FinishedAsync(requestId);
        Assert.Equal(JobStage.Failed, job.Stage);
        Assert.Contains(expected, job.Error, StringComparison.Ordinal);
        Assert.Contains($"zks refund {requestId}", job.Error, StringComparison.Ordinal);
        Assert.Empty(job.Sentences);
    }

    /// <summary>The chain did not answer the send: the attestation may still land, so the job waits for it instead of sending another.</summary>
    [Fact]
    public async Task An_attestation_in_flight_is_waited_for_and_not_sent_twice()
    {
        var requestId = NewRequestId();
        var sends = 0;
        f.Chain.OnSend(requestId, async transaction =>
        {
            if (Interlocked.Increment(ref sends) > 1) return new SendOutcome(false, Error: "sent twice");
            f.Chain.Landings[f.Chain.SignatureOf(transaction)] = Landing.Pending;
            _ = Task.Run(async () =>
            {
                await Task.Delay(1500);
                var indices = (await f.Grains.GetGrain<Workers.ISummaryWorkerGrain>(requestId).SummarizeAsync(Text, 2)).Indices;
                f.Chain.Attest(requestId, null, Honest(requestId, indices, f.Work.Worker));
                f.Chain.Landings[f.Chain.SignatureOf(transaction)] = Landing.Landed;
            });
            throw new ChainUnavailableException("the RPC node went away mid-send");
        });
        await PayEscrowAsync(requestId);
        var job = await FinishedAsync(requestId);
        Assert.Equal(JobStage.Settled, job.Stage);
        Assert.Equal(1, sends);
    }

    /// <summary>The worker that proved is gone: another proves again with its own key, and the attestation is of that proof.</summary>
    [Fact]
    public async Task When_the_worker_that_proved_is_gone_another_proves_again_and_its_attestation_settles_the_job()
    {
        var requestId = NewRequestId();
        LandHonestly(requestId);
        f.Work.LoseWorker();
        await PayEscrowAsync(requestId);
        var job = await FinishedAsync(requestId);
        Assert.Equal(JobStage.Settled, job.Stage);
        Assert.Equal(2, job.History.Count(h => h.Stage == JobStage.Proving));
    }

    [Fact]
    public async Task A_payment_the_facilitator_refuses_records_nothing_and_the_client_can_pay_again()
    {
        var requestId = NewRequestId();
        LandHonestly(requestId);
        f.Escrow.Refusal = "transaction_simulation_failed";
        PaymentOutcome refused;
        try
        {
            (_, refused, _) = await PayEscrowAsync(requestId);
        }
        finally
        {
            f.Escrow.Refusal = null;
        }
        Assert.False(refused.Accepted);
        Assert.Equal("transaction_simulation_failed", refused.ErrorReason);
        var quoted = await Job(requestId).GetAsync();
        Assert.Equal((JobStage.Quoted, null, null), (quoted.Stage, quoted.PaymentSignature, quoted.PaymentHash));

        var paid = await Job(requestId).PayAsync(new JobPayment(Payments.Header("escrow", requestId), Text, JobGrainFixture.DocRoot, 2));
        Assert.True(paid.Accepted);
        Assert.Equal(JobStage.Settled, (await FinishedAsync(requestId)).Stage);
    }

    /// <summary>security.md N5: the payment is public on chain once it lands, so presenting it again neither pays nor makes its bearer the payer.</summary>
    [Fact]
    public async Task The_same_payment_again_is_a_duplicate_and_does_not_make_its_bearer_the_payer()
    {
        var requestId = NewRequestId();
        LandHonestly(requestId);
        var (_, first, header) = await PayEscrowAsync(requestId);
        Assert.True(first.SettledNow);
        await FinishedAsync(requestId);
        var again = await Job(requestId).PayAsync(new JobPayment(header, Text, JobGrainFixture.DocRoot, 2));
        Assert.False(again.Accepted);
        Assert.Equal("duplicate_settlement", again.ErrorReason);
        // Re-encoded (whitespace in the base64 JSON is a new header, not a new payment).
        var reencoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(" " + System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header))));
        Assert.Equal("duplicate_settlement", (await Job(requestId).PayAsync(new JobPayment(reencoded, Text, JobGrainFixture.DocRoot, 2))).ErrorReason);
    }

    [Fact]
    public async Task A_payment_for_another_length_than_quoted_is_refused()
    {
        var requestId = NewRequestId();
        await Job(requestId).QuoteAsync(JobGrainFixture.DocRoot, 2, DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5), JobGrainFixture.Circuit);
        var refused = await Job(requestId).PayAsync(new JobPayment(Payments.Header("escrow", requestId), Text, JobGrainFixture.DocRoot, 3));
        Assert.Equal("invalid_escrow_svm_payload_sentences_mismatch", refused.ErrorReason);
    }

    /// <summary>`exact`: paid up front, attested directly, and the worker's share transferred once.</summary>
    [Fact]
    public async Task An_exact_job_is_attested_directly_and_pays_its_worker_once()
    {
        var header = Payments.Header("exact", null);
        var requestId = Convert.ToHexStringLower(Payments_RequestId(header));
        LandHonestly(requestId, escrowed: false);
        var paid = await Job(requestId).PayAsync(new JobPayment(header, Text, JobGrainFixture.DocRoot, 2));
        Assert.True(paid.Accepted);
        var job = await FinishedAsync(requestId);
        Assert.Equal(JobStage.Settled, job.Stage);
        Assert.Contains(JobStage.PayingWorker, job.History.Select(h => h.Stage));
        var receipt = Receipt.FromJson(job.ReceiptJson!);
        Assert.Equal($"sig(payout:{requestId}:{f.Work.Worker})", receipt.Transactions["workerPayout"]);
        Assert.Equal(1UL, f.Chain.PayoutsPrepared[requestId]);
    }

    private static byte[] Payments_RequestId(string header) =>
        ZkSummarize.Payments.Svm.ExactRequestId.TryOf(ZkSummarize.Payments.X402.X402Headers.DecodePayment(header).Payload["transaction"]!.GetValue<string>())!;
}
