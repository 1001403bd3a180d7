namespace Bot.Core.Embeddings;

/// <summary>
/// Where the int8 model is: a file (<see cref="Path"/>), or, when no folder could take the copy, only in memory
/// (<see cref="Unsaved"/>, the serialised model, quantised again on every start).
/// </summary>
internal sealed record Int8Copy(string? Path, byte[]? Unsaved);
