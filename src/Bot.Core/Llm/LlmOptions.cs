namespace Bot.Core.Llm;

/// <summary>
/// The <c>Bot:Llm</c> section. Unset (no <see cref="Endpoint"/>) means no LLM: the extractive answerer answers alone.
/// Environment form: <c>Bot__Llm__Endpoint</c>, <c>Bot__Llm__ApiKey</c>, <c>Bot__Llm__Model</c>.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Bot:Llm";

    /// <summary>Whether the LLM answers: Auto (when a chat model is available), On (<c>--llm</c>) or Off (<c>--no-llm</c>).</summary>
    public LlmMode Mode { get; set; } = LlmMode.Auto;

    /// <summary>
    /// OpenAI-compatible base URL (https://api.openai.com/v1, http://localhost:11434/v1 for Ollama, Azure's
    /// https://NAME.openai.azure.com/openai/v1/), or with <see cref="Deployment"/> the Azure OpenAI resource URL.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>API key (optional for local servers). Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Chat model name, e.g. gpt-4o-mini, llama3.1:8b (on Azure's /openai/v1/ endpoint: the deployment name).</summary>
    public string? Model { get; set; }

    /// <summary>Azure OpenAI deployment name; when set the Azure connector is used (deployment URLs, api-key header).</summary>
    public string? Deployment { get; set; }

    /// <summary>Azure OpenAI api-version (with <see cref="Deployment"/>); null for the connector's default.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>The model's context window in tokens; passages are trimmed so that the prompt and the answer fit.</summary>
    public int ContextWindowTokens { get; set; } = 8192;

    /// <summary>Most passages put in front of the model (best first), before the token budget trims them.</summary>
    public int MaxPassages { get; set; } = 6;

    /// <summary>Wall-clock budget for one answer (condense + answer, retries included), in seconds; then the extractive answer.</summary>
    public double TimeBudgetSeconds { get; set; } = 45;

    /// <summary>Time-out of one HTTP attempt, in seconds.</summary>
    public double RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after 429 / 5xx / connection failures / time-outs (exponential back-off, Retry-After honoured).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Longest single wait between retries, in seconds (caps Retry-After).</summary>
    public double MaxRetryDelaySeconds { get; set; } = 8;

    /// <summary>Folder holding the prompt templates (Answer/, Condense/); null looks for prompts/ next to the executable, then in the working folder and above.</summary>
    public string? PromptsPath { get; set; }

    /// <summary>True when an endpoint is set: the default chat client can be built (see <see cref="AnswererChoice"/>).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>True when the Azure OpenAI deployment form is used.</summary>
    public bool IsAzureDeployment => !string.IsNullOrWhiteSpace(Deployment);

    /// <summary>The model name to show and log.</summary>
    public string ModelLabel => (IsAzureDeployment ? Deployment : Model) ?? "?";
}
