using Bot.Core.Configuration;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// The spelling retry: a question that was not answered is asked once more with the words no sentence holds spelt as
/// the corpus spells a word one edit away (<see cref="SpellingCorrector"/>), and the retry's answer is kept, with a note
/// saying what was searched instead, only when it answers. Off with <see cref="BotOptions.CorrectSpelling"/> = false.
/// </summary>
internal sealed class SpellingRetry(IOptions<BotOptions> options, ILogger<SpellingRetry> logger)
{
    private readonly bool _enabled = options.Value.CorrectSpelling;

    /// <param name="question">The validated question as the user asked it.</param>
    /// <param name="history">The conversation the question follows up, if any.</param>
    /// <param name="first">The answer to the question as asked.</param>
    /// <param name="answer">Answers an analysed question (the corrected one) with the follow-up it was read with, if any.</param>
    public async Task<AnswerTrace> RetryAsync(IIndexReader reader, string question, IReadOnlyList<ChatTurn>? history, AnswerTrace first,
        Func<QuestionAnalysis, string?, CancellationToken, Task<AnswerTrace>> answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(answer);
        if (first.Answer.Answered || !_enabled) return first;

        // Only the words of this question: a follow-up's earlier question was the user's to correct then.
        if (await SpellingCorrector.CorrectAsync(reader, question, cancellationToken).ConfigureAwait(false) is not { } fix) return first;
        var (corrected, correctedWith) = FollowUpQuestion.Expand(fix.Question, history);
        var retry = await answer(QuestionAnalyzer.Analyze(corrected), correctedWith, cancellationToken).ConfigureAwait(false);
        if (!retry.Answer.Answered) return first;
        var note = $"Searched for {string.Join(", ", fix.Corrections.Select(c => $"“{c.Corrected}”"))} instead of {string.Join(", ", fix.Corrections.Select(c => $"“{c.Misspelt}”"))}, which the sources do not contain.";
        Log.SpellingCorrected(logger, question, fix.Question);
        return retry with { Answer = retry.Answer with { Note = retry.Answer.Note is { } firstNote ? $"{firstNote} {note}" : note } };
    }
}
