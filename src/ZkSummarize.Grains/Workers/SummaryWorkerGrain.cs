using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Placement;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Solana;
using ZkSummarize.Summarization;

namespace ZkSummarize.Grains.Workers;

/// <summary>
/// Placed on the worker silo with the fewest activations, so jobs spread over the workers; reentrant so
/// that summarising and signing never wait behind a proof. Proofs queue in <see cref="GroundingWork"/>,
/// one per node at a time by default.
/// </summary>
[ActivationCountBasedPlacement, Reentrant]
public sealed class SummaryWorkerGrain(ISummarizer summarizer, IServiceProvider services) : Grain, ISummaryWorkerGrain
{
    private GroundingWork Work => services.GetService<GroundingWork>()
        ?? throw new InvalidOperationException("This node cannot prove: it has no worker key, circuit or program configured.");

    public async Task<SummaryDraft> SummarizeAsync(string text, int sentences)
    {
        var summary = await summarizer.SummarizeAsync(Document.Parse(text), SummaryLength.Sentences(sentences));
        return new SummaryDraft(summary.Indices, summary.Sentences.Select(s => s.Text).ToArray(), summary.Method);
    }

    public async Task<string> ProveAsync(string text, IReadOnlyList<int> indices, string requestId) =>
        (await Work.ProveAsync(text, indices, Convert.FromHexString(requestId), CancellationToken.None)).ToJson();

    public async Task<SignedTransaction> SignAttestationAsync(string receiptJson, string? client) =>
        await Work.SignAttestationAsync(Receipt.FromJson(receiptJson), client is null ? null : PublicKey.Parse(client), CancellationToken.None);
}
