namespace Bot.Core.Answering;

/// <summary>
/// An answerer that can show its draft while it is written (the console chat). The stream yields draft text deltas —
/// unverified, to be shown as such — and ends with exactly one update carrying the verified <see cref="Answer"/>, which
/// replaces the draft. Front ends that cannot stream (Discord) call <see cref="IAnswerer.AskAsync"/> instead.
/// </summary>
public interface IStreamingAnswerer : IAnswerer
{
    /// <exception cref="InvalidQuestionException">The question is empty or too long.</exception>
    IAsyncEnumerable<AnswerUpdate> AskStreamingAsync(AskRequest request, CancellationToken cancellationToken);
}
