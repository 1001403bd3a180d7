using Bot.Core.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Bot.Core.Llm;

/// <summary>
/// Builds the Semantic Kernel used for answers: the OpenAI connector with a custom endpoint (OpenAI, Azure's /openai/v1/,
/// Ollama, vLLM, llama.cpp server, LM Studio) or, with a Deployment, the Azure OpenAI connector. Our own HttpClient carries
/// <see cref="RetryAfterHandler"/> (429 / 5xx / time-outs with back-off), so the connector's own retries are off.
/// </summary>
public static class LlmKernelFactory
{
    // Local servers need no key, but the OpenAI client requires one; a placeholder is harmless there.
    private const string NoKey = "no-key";

    /// <summary>The kernel and the HttpClient it uses (the caller disposes it).</summary>
    public static (Kernel Kernel, HttpClient Http) Create(LlmOptions options, ILoggerFactory loggerFactory, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (!options.IsConfigured) throw new InvalidOperationException($"{LlmOptions.SectionName}:Endpoint is not set.");
        var retry = new RetryAfterHandler(options.MaxRetries, TimeSpan.FromSeconds(options.MaxRetryDelaySeconds),
            TimeSpan.FromSeconds(options.RequestTimeoutSeconds), loggerFactory.CreateLogger<RetryAfterHandler>())
        {
            InnerHandler = transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
        var http = new HttpClient(retry, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var builder = Kernel.CreateBuilder();
        // No logger factory on purpose: SK would log rendered prompts (document text) at trace level; our own logs suffice.
        if (options.IsAzureDeployment)
        {
            builder.AddAzureOpenAIChatCompletion(options.Deployment!, options.Endpoint!, options.ApiKey ?? NoKey,
                modelId: options.Model, httpClient: http, apiVersion: string.IsNullOrWhiteSpace(options.ApiVersion) ? null : options.ApiVersion);
        }
        else
        {
            builder.AddOpenAIChatCompletion(options.Model!, new Uri(options.Endpoint!), string.IsNullOrEmpty(options.ApiKey) ? NoKey : options.ApiKey, httpClient: http);
        }
        return (builder.Build(), http);
    }
}
