namespace Bot.Core.Documents;

/// <summary>A paragraph: 1-based number and its [Start, End) range in the document text.</summary>
public readonly record struct Paragraph(int Number, int Start, int End);
