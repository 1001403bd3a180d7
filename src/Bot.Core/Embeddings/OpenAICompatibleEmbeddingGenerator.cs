using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using EmbeddingClient = OpenAI.Embeddings.EmbeddingClient;

namespace Bot.Core.Embeddings;

/// <summary>
/// Embeddings from an OpenAI-compatible <c>/embeddings</c> endpoint (OpenAI, Azure OpenAI's <c>/openai/v1/</c>, Ollama,
/// vLLM, llama.cpp server) through Microsoft.Extensions.AI.OpenAI. Splits the input into batches of
/// <see cref="EmbeddingOptions.BatchSize"/>, retries 429 / 5xx with back-off that respects Retry-After
/// (<see cref="RetryAfterHandler"/>), and turns failures into <see cref="EmbeddingEndpointException"/> with a message that
/// names the endpoint and the setting to check. The API key is sent only in the Authorization header and never logged.
/// </summary>
public sealed class OpenAICompatibleEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string NoKey = "no-key";

    private readonly HttpClient _http;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _inner;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly string? _apiKey;
    private readonly int _batchSize;
    private readonly int? _dimensions;

    /// <param name="options">Endpoint, ApiKey, Model, BatchSize, Dimensions, MaxRetries, MaxRetryDelaySeconds, RequestTimeoutSeconds.</param>
    /// <param name="loggerFactory">Logs requests and retries (never the key).</param>
    /// <param name="transport">Innermost HTTP handler; null for a <see cref="SocketsHttpHandler"/>.</param>
    public OpenAICompatibleEmbeddingGenerator(EmbeddingOptions options, ILoggerFactory? loggerFactory = null, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Endpoint) || !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new ArgumentException($"{EmbeddingOptions.SectionName}:Endpoint must be an absolute URL; got '{options.Endpoint}'.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException($"{EmbeddingOptions.SectionName}:Model must be set for an OpenAI-compatible endpoint.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSizeFor(EmbeddingProvider.OpenAI), 1);
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<OpenAICompatibleEmbeddingGenerator>();
        _endpoint = endpoint;
        _model = options.Model;
        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey;
        _batchSize = options.BatchSizeFor(EmbeddingProvider.OpenAI);
        _dimensions = options.Dimensions;

        var attemptTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);
        var maxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        var retry = new RetryAfterHandler(options.MaxRetries, maxDelay, attemptTimeout, loggerFactory.CreateLogger<RetryAfterHandler>())
        {
            InnerHandler = transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
        _http = new HttpClient(retry, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(_http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // RetryAfterHandler retries.
            NetworkTimeout = (attemptTimeout * (options.MaxRetries + 1)) + (maxDelay * options.MaxRetries) + TimeSpan.FromSeconds(10),
        };

        // Local servers (Ollama, vLLM) need no key, but the client requires one; a placeholder is harmless there.
        var client = new EmbeddingClient(options.Model, new ApiKeyCredential(_apiKey ?? NoKey), clientOptions);
        _inner = client.AsIEmbeddingGenerator(options.Dimensions);
        _metadata = new EmbeddingGeneratorMetadata("openai", endpoint, options.Model, options.Dimensions);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        var result = new List<Embedding<float>>(texts.Count);
        long? inputTokens = null, totalTokens = null;
        for (var start = 0; start < texts.Count; start += _batchSize)
        {
            var batch = texts.GetRange(start, Math.Min(_batchSize, texts.Count - start));
            Log.EmbeddingBatch(_logger, batch.Count, _model, _endpoint);
            var embeddings = await SendAsync(batch, options, cancellationToken).ConfigureAwait(false);
            if (embeddings.Count != batch.Count)
            {
                throw new EmbeddingEndpointException($"Embeddings endpoint {_endpoint} returned {embeddings.Count} embeddings for {batch.Count} inputs.");
            }

            foreach (var embedding in embeddings)
            {
                if (_dimensions is { } wanted && embedding.Vector.Length != wanted)
                {
                    throw new EmbeddingEndpointException(
                        $"Embeddings endpoint {_endpoint} returned {embedding.Vector.Length}-dimension vectors; {EmbeddingOptions.SectionName}:Dimensions is {wanted}.");
                }

                result.Add(embedding);
            }

            inputTokens = Add(inputTokens, embeddings.Usage?.InputTokenCount);
            totalTokens = Add(totalTokens, embeddings.Usage?.TotalTokenCount);
        }

        return new GeneratedEmbeddings<Embedding<float>>(result)
        {
            Usage = inputTokens is null && totalTokens is null ? null : new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = totalTokens },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        _inner.Dispose();
        _http.Dispose();
    }

    private static long? Add(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    private async Task<GeneratedEmbeddings<Embedding<float>>> SendAsync(List<string> batch, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.GenerateAsync(batch, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Translate(ex, ex.Status == 0 ? null : (HttpStatusCode)ex.Status);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Translate(ex, ex.StatusCode);
        }
        catch (TimeoutException ex)
        {
            throw new EmbeddingEndpointException($"Embeddings endpoint {_endpoint} did not answer in time: {Scrub(ex.Message)} Raise {EmbeddingOptions.SectionName}:RequestTimeoutSeconds or check the server.", null, ex);
        }
    }

    private EmbeddingEndpointException Translate(Exception ex, HttpStatusCode? status)
    {
        var where = $"Embeddings endpoint {_endpoint} (model {_model})";
        var detail = Scrub(Detail(ex));
        var message = status switch
        {
            null => $"{where} could not be reached: {detail} Is the server running and {EmbeddingOptions.SectionName}:Endpoint right?",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"{where} refused the request (HTTP {(int)status}): check {EmbeddingOptions.SectionName}:ApiKey{(_apiKey is null ? " (none is set)" : string.Empty)}.",
            HttpStatusCode.NotFound => $"{where} answered HTTP 404: check {EmbeddingOptions.SectionName}:Endpoint (it should end in /v1 for most servers) and {EmbeddingOptions.SectionName}:Model. {detail}",
            HttpStatusCode.TooManyRequests => $"{where} is still rate-limiting (HTTP 429) after retries; lower {EmbeddingOptions.SectionName}:BatchSize or try later.",
            _ => $"{where} failed with HTTP {(int)status}: {detail}",
        };
        Log.EmbeddingRequestFailed(_logger, message);
        return new EmbeddingEndpointException(message, status, ex);
    }

    /// <summary>The most useful one-line reason: the server's error.message, or the innermost network error.</summary>
    private static string Detail(Exception ex)
    {
        if (ex is ClientResultException { } result && result.GetRawResponse() is { } response)
        {
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(response.Content.ToMemory());
                if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error))
                {
                    var text = error.ValueKind == System.Text.Json.JsonValueKind.String ? error.GetString()
                        : error.ValueKind == System.Text.Json.JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString()
                        : null;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        return Sentence(text);
                    }
                }
            }
            catch (System.Text.Json.JsonException)
            {
            }
            catch (InvalidOperationException)
            {
            }

            var body = response.Content.ToString().Trim();
            if (body.Length > 0)
            {
                return Sentence(body.Length > 300 ? body[..300] + "…" : body);
            }
        }

        var message = Innermost(ex).Message;
        return Sentence(message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? ex.GetType().Name);
    }

    private static string Sentence(string text)
    {
        text = text.Trim();
        return text.EndsWith('.') || text.EndsWith('?') || text.EndsWith('!') ? text : text + ".";
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null && ex is ClientResultException or HttpRequestException && ex.InnerException is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private string Scrub(string text) => _apiKey is null ? text : text.Replace(_apiKey, "***", StringComparison.Ordinal);
}
