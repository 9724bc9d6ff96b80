namespace ZkSummarize.Summarization.Llm;

/// <summary>An OpenAI-compatible chat-completions endpoint that picks sentences, and how far to trust it.</summary>
public sealed class LlmSummarizerOptions
{
    /// <summary>Base address of the API, such as <c>https://api.openai.com/v1</c> or a local server's <c>http://127.0.0.1:8080/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model id the endpoint serves.</summary>
    public string Model { get; set; } = "";

    /// <summary>The API key, if the endpoint wants one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Answers asked for before falling back: the first and one retry.</summary>
    public int MaxAttempts { get; set; } = 2;

    /// <summary>How long one answer may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longer documents skip the model (the numbered prompt would not fit a context window) and use the fallback.</summary>
    public int MaxPromptCharacters { get; set; } = 200_000;

    /// <exception cref="ArgumentException">No endpoint or no model.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri) throw new ArgumentException("The LLM summarizer needs an absolute endpoint URL, such as https://api.openai.com/v1.", nameof(Endpoint));
        if (string.IsNullOrWhiteSpace(Model)) throw new ArgumentException("The LLM summarizer needs a model id.", nameof(Model));
        if (MaxAttempts < 1) throw new ArgumentException("MaxAttempts must be at least 1.", nameof(MaxAttempts));
    }
}
