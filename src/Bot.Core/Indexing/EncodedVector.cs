namespace Bot.Core.Indexing;

/// <summary>One passage's vector as stored: keyed by the passage's content hash, so equal passages share it.</summary>
public sealed record EncodedVector(string PassageHash, byte[] Blob);
