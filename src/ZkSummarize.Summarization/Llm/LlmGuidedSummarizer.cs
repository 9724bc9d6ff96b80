using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using ZkSummarize.Core.Documents;

namespace ZkSummarize.Summarization.Llm;

/// <summary>
/// Lets a chat model (any Semantic Kernel <see cref="IChatCompletionService"/>, usually the OpenAI
/// connector) pick sentence numbers, so the summary stays extractive and provable. Every answer is
/// validated against <see cref="SummaryRules"/>; an invalid one is sent back once with the reason,
/// and if that fails too the fallback summarizer (the embedded learned scorer) answers and the reason is
/// logged and kept in <see cref="Summary.FallbackReason"/>.
/// </summary>
public sealed class LlmGuidedSummarizer : ISummarizer
{
    /// <summary>The key under which the chat service for sentence selection is registered.</summary>
    public const string ChatServiceKey = "zks-summarizer";

    private readonly IChatCompletionService _chat;
    private readonly ISummarizer _fallback;
    private readonly LlmSummarizerOptions _options;
    private readonly ILogger _logger;

    public LlmGuidedSummarizer(IChatCompletionService chat, ISummarizer fallback, LlmSummarizerOptions options, ILogger<LlmGuidedSummarizer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _chat = chat;
        _fallback = fallback;
        _options = options;
        _logger = logger;
    }

    public string Name => $"llm:{_options.Model}";

    public async Task<Summary> SummarizeAsync(Document document, SummaryLength length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(length);
        var prompt = SelectionPrompt.Build(document, length);
        if (prompt.Length > _options.MaxPromptCharacters)
        {
            return await FallBackAsync(document, length, $"the document's prompt has {prompt.Length:N0} characters, over the limit of {_options.MaxPromptCharacters:N0}", cancellationToken);
        }

        var history = new ChatHistory(SelectionPrompt.System);
        history.AddUserMessage(prompt);
        var settings = new OpenAIPromptExecutionSettings { Temperature = 0, ResponseFormat = "json_object" };
        string? problem = null;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            string? answer;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.AttemptTimeout);
                try
                {
                    answer = (await _chat.GetChatMessageContentAsync(history, settings, cancellationToken: timeout.Token)).Content;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    problem = $"the model did not answer within {_options.AttemptTimeout.TotalSeconds:0.#} s";
                    _logger.LogWarning("Sentence selection attempt {Attempt}: {Problem}", attempt, problem);
                    continue;
                }
                catch (Exception e) when (e is HttpOperationException or HttpRequestException or KernelException)
                {
                    problem = $"the model endpoint failed: {e.Message}";
                    _logger.LogWarning(e, "Sentence selection attempt {Attempt}: {Problem}", attempt, problem);
                    continue;
                }
            }

            var (indices, parseProblem) = SelectionParser.Parse(answer);
            problem = parseProblem ?? SummaryRules.Validate(document, indices!, length);
            if (problem is null)
            {
                return new Summary(indices!.Select(i => document.Sentences[i]).ToArray(), Name);
            }
            _logger.LogWarning("Sentence selection attempt {Attempt} gave an invalid answer: {Problem}", attempt, problem);
            history.AddAssistantMessage(answer ?? "");
            history.AddUserMessage(SelectionPrompt.Correction(problem));
        }
        return await FallBackAsync(document, length, problem!, cancellationToken);
    }

    private async Task<Summary> FallBackAsync(Document document, SummaryLength length, string reason, CancellationToken cancellationToken)
    {
        _logger.LogWarning("LLM sentence selection ({Model}) is not used: {Reason}. Falling back to {Fallback}.", _options.Model, reason, _fallback.Name);
        var summary = await _fallback.SummarizeAsync(document, length, cancellationToken);
        return summary with { FallbackReason = reason };
    }
}
