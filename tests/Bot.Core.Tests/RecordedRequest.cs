namespace Bot.Core.Tests;

/// <summary>A request the <see cref="LoopbackHttpServer"/> received.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
