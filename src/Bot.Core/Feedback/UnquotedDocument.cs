namespace Bot.Core.Feedback;

/// <summary>An indexed document no logged answer of the period quoted first.</summary>
public sealed record UnquotedDocument(string Path, string Title);
