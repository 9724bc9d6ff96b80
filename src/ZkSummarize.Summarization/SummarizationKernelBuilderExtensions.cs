using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ZkSummarize.Summarization.Extractive;
using ZkSummarize.Summarization.Learned;
using ZkSummarize.Summarization.Llm;

namespace ZkSummarize.Summarization;

/// <summary>
/// Registers summarizers the Semantic Kernel way: as kernel services (<see cref="ISummarizer"/>)
/// and as the <c>summarization</c> plugin, whose <c>summarize</c> function any kernel can call.
/// </summary>
public static class SummarizationKernelBuilderExtensions
{
    /// <summary>
    /// The embedded default: the learned extractive scorer (deterministic integer arithmetic, no network),
    /// with the shipped weights unless <paramref name="model"/> gives others.
    /// </summary>
    public static IKernelBuilder AddLearnedSummarizer(this IKernelBuilder builder, LearnedScorerModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddLearnedFallback(builder, model);
        builder.Services.TryAddSingleton<ISummarizer>(sp => sp.GetRequiredService<LearnedSummarizer>());
        AddPlugin(builder);
        return builder;
    }

    /// <summary>The embedded TextRank summarizer, the default before the learned scorer (no network, no model).</summary>
    public static IKernelBuilder AddTextRankSummarizer(this IKernelBuilder builder, Action<TextRankOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<TextRankOptions>();
        if (configure is not null) options.Configure(configure);
        builder.Services.TryAddSingleton<TextRankSummarizer>();
        builder.Services.TryAddSingleton<ISummarizer>(sp => sp.GetRequiredService<TextRankSummarizer>());
        AddPlugin(builder);
        return builder;
    }

    /// <summary>
    /// LLM-guided selection through Semantic Kernel's OpenAI connector against any OpenAI-compatible
    /// endpoint, with the embedded learned scorer as the fallback.
    /// </summary>
    /// <param name="httpClient">For tests and proxies; by default one with the attempt timeout.</param>
    public static IKernelBuilder AddLlmGuidedSummarizer(this IKernelBuilder builder, LlmSummarizerOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // With our own HttpClient the connector turns off the OpenAI SDK's retries: the summarizer's
        // single retry with a correction is the only one, so a bad endpoint fails over quickly.
        httpClient ??= new HttpClient { Timeout = options.AttemptTimeout + TimeSpan.FromSeconds(5) };
#pragma warning disable SKEXP0010 // custom endpoints are how OpenAI-compatible servers are reached
        builder.AddOpenAIChatCompletion(options.Model, options.Endpoint!, options.ApiKey, serviceId: LlmGuidedSummarizer.ChatServiceKey, httpClient: httpClient);
#pragma warning restore SKEXP0010
        AddLearnedFallback(builder, model: null);
        builder.Services.RemoveAll<ISummarizer>();
        builder.Services.AddSingleton<ISummarizer>(sp => new LlmGuidedSummarizer(
            sp.GetRequiredKeyedService<IChatCompletionService>(LlmGuidedSummarizer.ChatServiceKey),
            sp.GetRequiredService<LearnedSummarizer>(),
            options,
            sp.GetService<ILogger<LlmGuidedSummarizer>>() ?? NullLogger<LlmGuidedSummarizer>.Instance));
        AddPlugin(builder);
        return builder;
    }

    /// <summary>The learned scorer, or LLM-guided selection (falling back to it) when <paramref name="llm"/> names an endpoint.</summary>
    public static IKernelBuilder AddSummarizer(this IKernelBuilder builder, LlmSummarizerOptions? llm) =>
        llm?.Endpoint is null ? builder.AddLearnedSummarizer() : builder.AddLlmGuidedSummarizer(llm);

    private static void AddLearnedFallback(IKernelBuilder builder, LearnedScorerModel? model) =>
        builder.Services.TryAddSingleton(_ => new LearnedSummarizer(model));

    private static void AddPlugin(IKernelBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(PluginRegistered))) return;
        builder.Services.AddSingleton<PluginRegistered>();
        builder.Plugins.AddFromType<SummarizationPlugin>(SummarizationPlugin.PluginName);
    }

    private sealed class PluginRegistered;
}
