using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Workers;
using ZkSummarize.Payments.Settlement;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Grains.Tests;

/// <summary>
/// The chain as the job sees it, in memory: attestations, open escrows, where each sent transaction is,
/// and what happens when the job sends one (a script per request). Every call is recorded.
/// </summary>
public sealed class FakeChain : IJobChain
{
    private readonly ConcurrentDictionary<string, AttestationRecord> _attestations = new();
    private readonly ConcurrentDictionary<string, Func<string, Task<SendOutcome>>> _scripts = new();

    public ConcurrentDictionary<string, bool> OpenEscrows { get; } = new();

    public ConcurrentDictionary<string, Landing> Landings { get; } = new();

    public ConcurrentQueue<string> Sent { get; } = new();

    public ConcurrentDictionary<string, ulong> PayoutsPrepared { get; } = new();

    public bool PayingWorkers { get; set; } = true;

    public static string Key(string requestId, string? directWorker) => $"{requestId}/{directWorker ?? "escrow"}";

    public void Attest(string requestId, string? directWorker, AttestationRecord record) => _attestations[Key(requestId, directWorker)] = record;

    /// <summary>What sending a transaction of this request does (the transaction text names its request).</summary>
    public void OnSend(string requestId, Func<string, Task<SendOutcome>> script) => _scripts[requestId] = script;

    public string SignatureOf(string signedTransaction) => $"sig({signedTransaction})";

    public Task<(Landing Landing, string? Error)> LandingAsync(string signature, DateTimeOffset sentAt, CancellationToken cancellationToken = default) =>
        Task.FromResult((Landings.GetValueOrDefault(signature, Landing.Gone), (string?)null));

    public Task<AttestationRecord?> FindAttestationAsync(string requestId, string? directWorker, CancellationToken cancellationToken = default) =>
        Task.FromResult(_attestations.GetValueOrDefault(Key(requestId, directWorker)));

    public Task<bool> EscrowOpenAsync(string requestId, CancellationToken cancellationToken = default) => Task.FromResult(OpenEscrows.GetValueOrDefault(requestId));

    public async Task<SendOutcome> SendAsync(string signedTransaction, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(signedTransaction);
        if (signedTransaction.StartsWith("payout:", StringComparison.Ordinal))
        {
            Landings[SignatureOf(signedTransaction)] = Landing.Landed;
            return SendOutcome.Success;
        }
        var requestId = signedTransaction.Split(':')[1];
        return _scripts.TryGetValue(requestId, out var script) ? await script(signedTransaction) : new SendOutcome(false, Error: "no script");
    }

    /// <summary>The config's key slots: the full circuit's development key in slot 0, as a dev chain set up by its tests.</summary>
    public List<string?> KeySlots { get; } = [TrustedKeys.Development.Hash];

    public Task<IReadOnlyList<string?>> CurrentVerifyingKeysAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string?>>([.. KeySlots]);

    public bool PaysWorker(string worker) => PayingWorkers;

    public Task<PreparedPayout> PrepareWorkerPayoutAsync(string worker, ulong price, string requestId, CancellationToken cancellationToken = default)
    {
        PayoutsPrepared.AddOrUpdate(requestId, 1, (_, n) => n + 1);
        return Task.FromResult(new PreparedPayout(price - price / 20, $"payout:{requestId}:{worker}", SignatureOf($"payout:{requestId}:{worker}")));
    }
}

/// <summary>
/// A worker node's proving and signing, without a circuit: receipts name the current worker key and a
/// summary hash made of the request and the indices; <see cref="LoseWorker"/> makes the next signature
/// fail as if the node that proved were gone.
/// </summary>
public sealed class FakeWork : IGroundingWork
{
    private int _lost;

    public string Worker { get; set; } = "WorkerA";

    public const string KeyHash = "1111111111111111111111111111111111111111111111111111111111111111";

    public static string SummaryHashOf(string requestId, IEnumerable<int> indices) => $"{requestId}:{string.Join(',', indices)}";

    public void LoseWorker() => Interlocked.Exchange(ref _lost, 1);

    public ProvingRate Rate { get; } = new(1);

    public Task<Receipt> ProveAsync(string text, IReadOnlyList<int> indices, ProofRequest request, CancellationToken cancellationToken) => Task.FromResult(new Receipt
    {
        Network = request.Network, ProgramId = "Program", Settlement = request.Settlement, RequestId = request.RequestId, DocRoot = JobGrainFixture.DocRoot,
        Summary = indices.Select(i => new ReceiptSentence(i, $"sentence {i}")).ToArray(), SummaryHash = SummaryHashOf(request.RequestId, indices), Worker = Worker,
        WorkerKey = "00", Proof = "00", PublicInputs = [], VerifyingKeyHash = KeyHash, VerifyingKeyName = "test key", Forgeable = false, Attestation = "Attestation",
        Transactions = new Dictionary<string, string>(),
    });

    public Task<string> SignAttestationAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _lost, 0) == 1 || receipt.Worker != Worker) throw new WorkerMismatchException($"{receipt.Worker} is gone; this is {Worker}");
        return Task.FromResult($"attest:{receipt.RequestId}:{receipt.Worker}");
    }
}

/// <summary>A facilitator that records the payment before "sending" it (as the real one does) and succeeds, or refuses.</summary>
public sealed class FakeFacilitator(string scheme) : IPaymentFacilitator
{
    public string Network => JobGrainFixture.Network;

    public string Scheme => scheme;

    public string FeePayer => "FeePayer";

    public string? Refusal { get; set; }

    private int _settled;

    public int Settled => _settled;

    public Task<VerifyResponse> VerifyAsync(PaymentPayload payment, PaymentRequirements requirements, CancellationToken cancellationToken = default) =>
        Task.FromResult(new VerifyResponse(Refusal is null, Refusal, "Client"));

    public async Task<SettlementResponse> SettleAsync(PaymentPayload payment, PaymentRequirements requirements, Func<string, string?, Task>? submitting = null, CancellationToken cancellationToken = default)
    {
        if (Refusal is not null) return new SettlementResponse(false, "", Network, "Client", Refusal);
        var signature = $"payment-{PaymentFingerprint.Of(payment)![..16]}";
        if (submitting is not null) await submitting(signature, "Client");
        Interlocked.Increment(ref _settled);
        return new SettlementResponse(true, signature, Network, "Client", Amount: requirements.Amount);
    }
}

/// <summary>Payment headers as a client would send them: a real (unsent) Solana transaction, so that it has a fingerprint.</summary>
public static class Payments
{
    private static readonly Keypair Client = Keypair.Generate();

    public static string Header(string scheme, string? requestId)
    {
        var message = Message.Compile(Client.PublicKey, [MemoProgram.Memo(Guid.NewGuid().ToString())], Base58.Encode(new byte[32]));
        var transaction = new Transaction(message).Sign(Client);
        var accepted = new PaymentRequirements(scheme, JobGrainFixture.Network, JobGrainFixture.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), "Mint", "PayTo", 60,
            requestId is null ? null : new JsonObject { ["requestId"] = requestId });
        return X402Headers.Encode(new PaymentPayload(2, accepted, new JsonObject { ["transaction"] = transaction.ToBase64() }));
    }
}
