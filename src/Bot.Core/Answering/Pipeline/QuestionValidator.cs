using Bot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// The first step: refuses a question that cannot be asked (empty, too long, control characters) with a message meant
/// for the user, and returns it trimmed. The one set of rules for every front end: the CLI calls it before refreshing
/// the index so a bad question fails fast, the answerers as their first step.
/// </summary>
public sealed class QuestionValidator(IOptions<BotOptions> options)
{
    private readonly int _maxLength = options.Value.MaxQuestionLength;

    /// <exception cref="InvalidQuestionException">The question cannot be asked; the message says why.</exception>
    public string Validate(string? question)
    {
        var q = question?.Trim() ?? "";
        if (q.Length == 0) throw new InvalidQuestionException("The question is empty: type what you want to know.");
        if (q.Length > _maxLength)
            throw new InvalidQuestionException($"The question is {q.Length:N0} characters long; the limit is {_maxLength:N0} (Bot:MaxQuestionLength).");
        if (q.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            throw new InvalidQuestionException("The question contains control characters.");
        return q;
    }
}
