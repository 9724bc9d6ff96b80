using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Solana;
using ZkSummarize.Summarization;

namespace ZkSummarize.Grains.Workers;

/// <summary>A stateless worker: as many activations per node as it has cores, so proving uses them all.</summary>
[StatelessWorker]
public sealed class SummaryWorkerGrain(ISummarizer summarizer, IServiceProvider services) : Grain, ISummaryWorkerGrain
{
    private GroundingWork Work => services.GetService<GroundingWork>()
        ?? throw new InvalidOperationException("This node cannot prove: it has no worker key, circuit or program configured.");

    public async Task<SummaryDraft> SummarizeAsync(string text, int sentences)
    {
        var summary = await summarizer.SummarizeAsync(Document.Parse(text), SummaryLength.Sentences(sentences));
        return new SummaryDraft(summary.Indices, summary.Sentences.Select(s => s.Text).ToArray(), summary.Method);
    }

    // Proving is seconds of CPU: off the grain scheduler, onto the thread pool.
    public Task<string> ProveAsync(string text, IReadOnlyList<int> indices, string requestId) =>
        Task.Run(() => Work.Prove(text, indices, Convert.FromHexString(requestId)).ToJson());

    public async Task<SignedTransaction> SignAttestationAsync(string receiptJson, string? client) =>
        await Work.SignAttestationAsync(Receipt.FromJson(receiptJson), client is null ? null : PublicKey.Parse(client), CancellationToken.None);
}
