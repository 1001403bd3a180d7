using Microsoft.Extensions.Options;

namespace Bot.Core.Llm;

/// <summary>Start-up validation of <see cref="LlmOptions"/>; every message names the setting to fix (and never shows the key).</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var errors = GetErrors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>All problems with <paramref name="options"/>; empty when valid or not configured.</summary>
    public static IReadOnlyList<string> GetErrors(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = LlmOptions.SectionName;
        var errors = new List<string>();
        if (!options.IsConfigured)
        {
            // Not configured is valid (extractive only), but a half-done configuration is a mistake worth naming.
            if (!string.IsNullOrWhiteSpace(options.Model) || !string.IsNullOrWhiteSpace(options.Deployment) || !string.IsNullOrWhiteSpace(options.ApiKey))
                errors.Add($"{S}:Endpoint is not set, but other {S} settings are (e.g. https://api.openai.com/v1 or http://localhost:11434/v1).");
            return errors;
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            errors.Add($"{S}:Endpoint must be an absolute http(s) URL; got '{options.Endpoint}'.");
        if (string.IsNullOrWhiteSpace(options.Model) && !options.IsAzureDeployment)
            errors.Add($"{S}:Model is not set (e.g. gpt-4o-mini, llama3.1:8b), nor {S}:Deployment for Azure OpenAI.");
        if (!string.IsNullOrWhiteSpace(options.ApiVersion) && !options.IsAzureDeployment)
            errors.Add($"{S}:ApiVersion is only used with {S}:Deployment (Azure OpenAI).");
        else if (!LlmChatClientFactory.TryParseApiVersion(options.ApiVersion, out _))
            errors.Add($"{S}:ApiVersion '{options.ApiVersion}' is not an Azure OpenAI api-version this build knows (e.g. 2024-10-21).");
        if (options.ContextWindowTokens is < 1024 or > 2_000_000)
            errors.Add($"{S}:ContextWindowTokens must be between 1024 and 2000000; got {options.ContextWindowTokens}.");
        if (options.MaxPassages is < 1 or > 50)
            errors.Add($"{S}:MaxPassages must be between 1 and 50; got {options.MaxPassages}.");
        if (!double.IsFinite(options.TimeBudgetSeconds) || options.TimeBudgetSeconds <= 0 || options.TimeBudgetSeconds > 3600)
            errors.Add($"{S}:TimeBudgetSeconds must be more than 0 and at most 3600; got {options.TimeBudgetSeconds}.");
        if (!double.IsFinite(options.RequestTimeoutSeconds) || options.RequestTimeoutSeconds <= 0 || options.RequestTimeoutSeconds > 3600)
            errors.Add($"{S}:RequestTimeoutSeconds must be more than 0 and at most 3600; got {options.RequestTimeoutSeconds}.");
        if (options.MaxRetries is < 0 or > 10)
            errors.Add($"{S}:MaxRetries must be between 0 and 10; got {options.MaxRetries}.");
        if (!double.IsFinite(options.MaxRetryDelaySeconds) || options.MaxRetryDelaySeconds < 0 || options.MaxRetryDelaySeconds > 600)
            errors.Add($"{S}:MaxRetryDelaySeconds must be between 0 and 600; got {options.MaxRetryDelaySeconds}.");
        if (PromptLibrary.FindFolder(options.PromptsPath) is null)
        {
            errors.Add(options.PromptsPath is null
                ? $"The prompt templates (prompts/Answer, prompts/Condense) were not found next to the executable or in the working folder; set {S}:PromptsPath."
                : $"{S}:PromptsPath '{options.PromptsPath}' does not hold Answer/ and Condense/ (skprompt.txt + config.json each).");
        }
        return errors;
    }
}
