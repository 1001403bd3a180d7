namespace Bot.Core.Evaluation;

/// <summary>Progress of an evaluation stage ("indexing", "asking", …).</summary>
public sealed record EvalProgress(string Stage, int Done, int Total);
