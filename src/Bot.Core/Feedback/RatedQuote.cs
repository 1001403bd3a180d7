namespace Bot.Core.Feedback;

/// <summary>A quote of an answer rated bad, as stored with the rating.</summary>
public sealed record RatedQuote(string Title, string Path, int Paragraph, string Text);
