using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Bot.Core.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;

namespace Bot.Core.Llm;

/// <summary>
/// Builds the default <see cref="IChatClient"/> from <c>Bot:Llm</c>: the OpenAI client with a custom endpoint (OpenAI,
/// Azure's /openai/v1/, Ollama, vLLM, llama.cpp server, LM Studio) or, with a Deployment, the Azure OpenAI client. Our own
/// HttpClient carries <see cref="RetryAfterHandler"/> (429 / 5xx / time-outs with back-off), so the SDK's retries are off.
/// Used only when no <see cref="IChatClient"/> is registered by the application.
/// </summary>
public static class LlmChatClientFactory
{
    /// <summary>The DI key of the client built from options (an unkeyed <see cref="IChatClient"/> is the user's own).</summary>
    public const string ServiceKey = "Bot:Llm";

    // Local servers need no key, but the OpenAI client requires one; a placeholder is harmless there.
    private const string NoKey = "no-key";

    /// <summary>The client; disposing it disposes its HttpClient.</summary>
    /// <exception cref="InvalidOperationException">No endpoint is configured.</exception>
    public static IChatClient Create(LlmOptions options, ILoggerFactory loggerFactory, HttpMessageHandler? transport = null)
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
        // Above every retry RetryAfterHandler may make, so the SDK never cuts an attempt short; the answer budget bounds the rest.
        var network = (TimeSpan.FromSeconds(options.RequestTimeoutSeconds) * (options.MaxRetries + 1))
            + (TimeSpan.FromSeconds(options.MaxRetryDelaySeconds) * options.MaxRetries) + TimeSpan.FromSeconds(10);
        var key = new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? NoKey : options.ApiKey);
        IChatClient chat;
        if (options.IsAzureDeployment)
        {
            var azure = TryParseApiVersion(options.ApiVersion, out var version) && version is { } v ? new AzureOpenAIClientOptions(v) : new AzureOpenAIClientOptions();
            Configure(azure, http, network);
            chat = WithLegacyMaxTokens(new AzureOpenAIClient(new Uri(options.Endpoint!), key, azure).GetChatClient(options.Deployment!).AsIChatClient());
        }
        else
        {
            var openAi = new OpenAIClientOptions { Endpoint = new Uri(options.Endpoint!) };
            Configure(openAi, http, network);
            chat = new ChatClient(options.Model!, key, openAi).AsIChatClient();
        }
        // No logging wrapper on purpose: it would log prompts (document text); our own logs suffice.
        return new HttpOwningChatClient(chat, http);
    }

    /// <summary>
    /// Maps an Azure OpenAI api-version ("2024-10-21", "2025-01-01-preview") to the SDK's version; true with null for
    /// none given, false for one the SDK does not know.
    /// </summary>
    public static bool TryParseApiVersion(string? apiVersion, out AzureOpenAIClientOptions.ServiceVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(apiVersion)) return true;
        if (!Enum.TryParse<AzureOpenAIClientOptions.ServiceVersion>("V" + apiVersion.Trim().Replace('-', '_'), ignoreCase: true, out var parsed)
            || !Enum.IsDefined(parsed)) return false;
        version = parsed;
        return true;
    }

    /// <summary>
    /// Azure deployments get the answer limit as <c>max_tokens</c>, as the Azure connector sent it before: older
    /// api-versions do not know <c>max_completion_tokens</c>, which the OpenAI client writes.
    /// </summary>
    private static IChatClient WithLegacyMaxTokens(IChatClient client) =>
        client.AsBuilder().ConfigureOptions(o =>
        {
            if (o.MaxOutputTokens is not { } max) return;
            o.MaxOutputTokens = null;
            var previous = o.RawRepresentationFactory;
            o.RawRepresentationFactory = c =>
            {
                var raw = previous?.Invoke(c) as ChatCompletionOptions ?? new ChatCompletionOptions();
#pragma warning disable SCME0001 // JsonPatch is experimental; it is the SDK's way to send a field it no longer models.
                raw.Patch.Set("$.max_tokens"u8, max);
#pragma warning restore SCME0001
                return raw;
            };
        }).Build();

    private static void Configure(ClientPipelineOptions options, HttpClient http, TimeSpan network)
    {
        options.Transport = new HttpClientPipelineTransport(http);
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0); // RetryAfterHandler retries.
        options.NetworkTimeout = network;
    }

    /// <summary>The SDK client plus the HttpClient it sends through, disposed together.</summary>
    private sealed class HttpOwningChatClient(IChatClient inner, HttpClient http) : DelegatingChatClient(inner)
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing) http.Dispose();
            base.Dispose(disposing);
        }
    }
}
