namespace Bot.Core.Embeddings;

/// <summary>The outcome of <see cref="ModelDownloader.PullAsync"/>.</summary>
/// <param name="Folder">The model folder, ready for <see cref="OnnxEmbeddingGenerator"/>.</param>
/// <param name="Model">The model that was pulled.</param>
/// <param name="Downloaded">Files fetched now.</param>
/// <param name="AlreadyPresent">Files already in the folder and kept.</param>
/// <param name="NotAvailable">Optional files the source does not have.</param>
public sealed record ModelPullResult(
    string Folder,
    KnownEmbeddingModel Model,
    IReadOnlyList<string> Downloaded,
    IReadOnlyList<string> AlreadyPresent,
    IReadOnlyList<string> NotAvailable);
