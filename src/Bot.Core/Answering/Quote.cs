namespace Bot.Core.Answering;

/// <summary>
/// A verbatim span of a source file. For .txt and .md sources the file's characters
/// [<see cref="Start"/>, <see cref="End"/>) are exactly <see cref="Text"/>; for .html the range is the
/// markup whose text content is <see cref="Text"/>.
/// </summary>
public sealed record Quote(
    string Text,
    string Title,
    string Path,
    int Paragraph,
    int Start,
    int End,
    double Score,
    string? Url = null);
