namespace Bot.Core.Embeddings;

/// <summary>One file of a downloadable model.</summary>
/// <param name="RemotePath">Path inside the model repository, e.g. <c>onnx/model.onnx</c>.</param>
/// <param name="LocalPath">Path inside the local model folder, e.g. <c>model.onnx</c> (forward slashes).</param>
/// <param name="Required">Whether the model is unusable without it; a missing optional file (404) is skipped.</param>
/// <param name="ExpectedBytes">Exact size, checked after download when known.</param>
/// <param name="Sha256">Lower-case hex SHA-256, checked after download when known.</param>
public sealed record ModelFile(string RemotePath, string LocalPath, bool Required = true, long? ExpectedBytes = null, string? Sha256 = null);
