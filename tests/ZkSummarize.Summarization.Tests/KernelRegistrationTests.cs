using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using ZkSummarize.Core.Documents;
using ZkSummarize.Summarization.Extractive;
using ZkSummarize.Summarization.Learned;

namespace ZkSummarize.Summarization.Tests;

/// <summary>An operator wires summarizers the Semantic Kernel way: kernel services and a plugin function.</summary>
public sealed class KernelRegistrationTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_default_kernel_serves_the_learned_scorer_as_a_service_and_as_a_function()
    {
        var kernel = Kernel.CreateBuilder().AddSummarizer(llm: null).Build();
        Assert.IsType<LearnedSummarizer>(kernel.Services.GetRequiredService<ISummarizer>());

        var result = await kernel.InvokeAsync(SummarizationPlugin.PluginName, "summarize",
            new KernelArguments { ["text"] = Samples.News.NormalizedText, ["sentences"] = 2 }, Ct);
        var value = result.GetValue<SummarizationPlugin.SummaryResult>()!;
        var direct = await new LearnedSummarizer().SummarizeAsync(Samples.News, SummaryLength.Sentences(2), Ct);
        Assert.Equal(direct.Indices, value.Indices);
        Assert.Equal("learned", value.Method);
    }

    [Fact]
    public void Textrank_and_other_weights_can_still_be_chosen()
    {
        Assert.IsType<TextRankSummarizer>(Kernel.CreateBuilder().AddTextRankSummarizer().Build().Services.GetRequiredService<ISummarizer>());
        var model = new LearnedScorerModel(SentenceFeatures.Names, [1, 0]);
        var summarizer = Kernel.CreateBuilder().AddLearnedSummarizer(model).Build().Services.GetRequiredService<ISummarizer>();
        Assert.Equal(new LearnedSummarizer(model).Score(Samples.News), Assert.IsType<LearnedSummarizer>(summarizer).Score(Samples.News));
    }

    [Fact]
    public async Task The_function_reports_bad_documents_clearly()
    {
        var kernel = Kernel.CreateBuilder().AddTextRankSummarizer().Build();
        var e = await Assert.ThrowsAsync<DocumentException>(() => kernel.InvokeAsync(SummarizationPlugin.PluginName, "summarize",
            new KernelArguments { ["text"] = "  \n ", ["sentences"] = 2 }, Ct));
        Assert.Equal(DocumentError.Empty, e.Error);
    }
}
