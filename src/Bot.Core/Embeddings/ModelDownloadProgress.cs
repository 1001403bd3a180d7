namespace Bot.Core.Embeddings;

/// <summary>Progress of one file download.</summary>
/// <param name="File">Local path of the file within the model folder.</param>
/// <param name="BytesReceived">Bytes written so far.</param>
/// <param name="TotalBytes">Total size when the server said so.</param>
public sealed record ModelDownloadProgress(string File, long BytesReceived, long? TotalBytes);
