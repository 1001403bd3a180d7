namespace Bot.Testing;

/// <summary>A request the <see cref="LoopbackHttpServer"/> received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
