using Microsoft.Extensions.Options;

namespace Bot.Core.Embeddings;

/// <summary>Start-up validation of <see cref="EmbeddingOptions"/>; every message names the setting to fix.</summary>
public sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        var errors = GetErrors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>All problems with <paramref name="options"/>; empty when valid.</summary>
    public static IReadOnlyList<string> GetErrors(EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = EmbeddingOptions.SectionName;
        var errors = new List<string>();

        if (!Enum.IsDefined(options.Provider))
        {
            errors.Add($"{S}:Provider must be none, onnx or openai; got '{options.Provider}'.");
        }

        if (options.BatchSize is { } batch && batch is < 1 or > 2048)
        {
            errors.Add($"{S}:BatchSize must be between 1 and 2048; got {options.BatchSize}.");
        }

        if (options.IndexConcurrency is < 1 or > 16)
        {
            errors.Add($"{S}:IndexConcurrency must be between 1 and 16; got {options.IndexConcurrency}.");
        }

        if (!double.IsFinite(options.Weight) || options.Weight < 0 || options.Weight > 100)
        {
            errors.Add($"{S}:Weight must be between 0 and 100; got {options.Weight}.");
        }

        if (options.RrfK is < 1 or > 10_000)
        {
            errors.Add($"{S}:RrfK must be between 1 and 10000; got {options.RrfK}.");
        }

        if (!Enum.IsDefined(options.StorageEncoding))
        {
            errors.Add($"{S}:StorageEncoding must be Float16 or Float32; got '{options.StorageEncoding}'.");
        }

        if (options.SentenceVectors is { } mode && !Enum.IsDefined(mode))
        {
            errors.Add($"{S}:SentenceVectors must be Separate or Derived; got '{mode}'.");
        }
        else if (options.SentenceVectors == SentenceVectorMode.Derived && options.Provider == EmbeddingProvider.OpenAI)
        {
            errors.Add($"{S}:SentenceVectors is Derived, which pools the model's token outputs: only the onnx provider gives them (set Separate for openai).");
        }

        if (options.Quantization is { } quantization && !Enum.IsDefined(quantization))
        {
            errors.Add($"{S}:Quantization must be None, Int8 or Int8Corpus; got '{quantization}'.");
        }
        else if (options.Quantization is ModelQuantization.Int8 or ModelQuantization.Int8Corpus && options.Provider == EmbeddingProvider.OpenAI)
        {
            errors.Add($"{S}:Quantization is {options.Quantization}, which rewrites a local model's weights: only the onnx provider has one (set None for openai).");
        }

        switch (options.Provider)
        {
            case EmbeddingProvider.Onnx:
                ValidateOnnx(options, errors, S);
                break;
            case EmbeddingProvider.OpenAI:
                ValidateOpenAi(options, errors, S);
                break;
            default:
                break;
        }

        return errors;
    }

    private static void ValidateOnnx(EmbeddingOptions options, List<string> errors, string s)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath) && string.IsNullOrWhiteSpace(options.ModelName))
        {
            errors.Add($"{s}:Provider is onnx but neither {s}:ModelName (one of {string.Join(", ", KnownEmbeddingModels.Names)}) nor {s}:ModelPath is set.");
        }

        if (!string.IsNullOrWhiteSpace(options.ModelName) && !ModelDownloader.IsValidModelName(options.ModelName))
        {
            errors.Add($"{s}:ModelName '{options.ModelName}' is not a valid model name (letters, digits, '.', '-', '_', one optional 'owner/').");
        }

        if (options.MaxSequenceLength is < 8 or > 8192)
        {
            errors.Add($"{s}:MaxSequenceLength must be between 8 and 8192; got {options.MaxSequenceLength}.");
        }

        if (options.Pooling is { } pooling && !Enum.IsDefined(pooling))
        {
            errors.Add($"{s}:Pooling must be Mean or Cls; got '{pooling}'.");
        }

        if (options.IntraOpThreads is < 1 or > 256)
        {
            errors.Add($"{s}:IntraOpThreads must be between 1 and 256; got {options.IntraOpThreads}.");
        }

        if (!Uri.TryCreate(options.ModelSourceUrl, UriKind.Absolute, out var source) || (source.Scheme != Uri.UriSchemeHttp && source.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{s}:ModelSourceUrl must be an absolute http(s) URL; got '{options.ModelSourceUrl}'.");
        }
    }

    private static void ValidateOpenAi(EmbeddingOptions options, List<string> errors, string s)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            errors.Add($"{s}:Provider is openai but {s}:Endpoint is not set (e.g. https://api.openai.com/v1 or http://localhost:11434/v1).");
        }
        else if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{s}:Endpoint must be an absolute http(s) URL; got '{options.Endpoint}'.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            errors.Add($"{s}:Provider is openai but {s}:Model is not set (e.g. text-embedding-3-small, nomic-embed-text).");
        }

        if (options.Dimensions is < 1 or > 65_536)
        {
            errors.Add($"{s}:Dimensions must be between 1 and 65536; got {options.Dimensions}.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            errors.Add($"{s}:MaxRetries must be between 0 and 20; got {options.MaxRetries}.");
        }

        if (!double.IsFinite(options.MaxRetryDelaySeconds) || options.MaxRetryDelaySeconds < 0 || options.MaxRetryDelaySeconds > 600)
        {
            errors.Add($"{s}:MaxRetryDelaySeconds must be between 0 and 600; got {options.MaxRetryDelaySeconds}.");
        }

        if (!double.IsFinite(options.RequestTimeoutSeconds) || options.RequestTimeoutSeconds <= 0 || options.RequestTimeoutSeconds > 3600)
        {
            errors.Add($"{s}:RequestTimeoutSeconds must be more than 0 and at most 3600; got {options.RequestTimeoutSeconds}.");
        }
    }
}
