namespace Bot.Core.Documents;

/// <summary>
/// A loaded source. <see cref="Text"/> is the file's decoded content (for .html, the extracted article text);
/// paragraph and sentence offsets index into it.
/// </summary>
public sealed record Document(
    string Path,
    string Title,
    string Text,
    IReadOnlyList<Paragraph> Paragraphs,
    string ContentHash,
    IReadOnlyDictionary<string, string> Metadata)
{
    public string? Url => Metadata.TryGetValue("url", out var u) ? u : null;
}
