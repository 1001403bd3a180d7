namespace Bot.Core.Documents;

/// <summary>What a format parser extracts: the text offsets refer to, paragraphs, title and metadata.</summary>
internal sealed record ParsedText(string Text, List<Paragraph> Paragraphs, string? Title, Dictionary<string, string> Metadata);
