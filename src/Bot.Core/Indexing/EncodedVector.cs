namespace Bot.Core.Indexing;

/// <summary>One passage's (or sentence's) vector as stored: keyed by the text's content hash, so equal texts share it.</summary>
public sealed record EncodedVector(string PassageHash, byte[] Blob);
