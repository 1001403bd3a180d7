namespace Bot.Core.Ingesting;

/// <summary>A fetched response: the URL it finally came from (after redirects), its media type and charset, its body.</summary>
public sealed record FetchedPage(Uri Url, string MediaType, string? Charset, byte[] Body);
