using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Placement;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Summarization;

namespace ZkSummarize.Grains.Workers;

/// <summary>
/// Placed on the worker silo with the fewest activations, so jobs spread over the workers; reentrant so
/// that summarising and signing never wait behind a proof. Proofs queue in the node's <see cref="IGroundingWork"/>,
/// one per node at a time by default.
/// </summary>
[ActivationCountBasedPlacement, Reentrant]
public sealed class SummaryWorkerGrain(ISummarizer summarizer, IServiceProvider services) : Grain, ISummaryWorkerGrain
{
    private IGroundingWork Work => services.GetService<IGroundingWork>()
        ?? throw new InvalidOperationException("This node cannot prove: it has no worker key, circuit or program configured.");

    public async Task<SummaryDraft> SummarizeAsync(string text, int sentences)
    {
        var summary = await summarizer.SummarizeAsync(Document.Parse(text), SummaryLength.Sentences(sentences));
        return new SummaryDraft(summary.Indices, summary.Sentences.Select(s => s.Text).ToArray(), summary.Method);
    }

    public async Task<string> ProveAsync(string text, IReadOnlyList<int> indices, ProofRequest request)
    {
        var receipt = await Work.ProveAsync(text, indices, request, CancellationToken.None);
        // The gateways admit new jobs by how fast the workers prove (one-way: the proof never waits for it).
        if (Work.Rate.Current is { } rate) GrainFactory.GetGrain<Admission.IAdmissionGrain>(0).ReportRateAsync(RuntimeIdentity, rate).Ignore();
        return receipt.ToJson();
    }

    public Task<string> SignAttestationAsync(string receiptJson) => Work.SignAttestationAsync(Receipt.FromJson(receiptJson), CancellationToken.None);
}
