namespace Bot.Core.Answering;

/// <summary>One past exchange of a conversation.</summary>
public sealed record ChatTurn(string Question, string AnswerText);
