namespace Bot.Core.Feedback;

/// <summary>
/// Where the question log and ratings live: tables beside the index (the SQLite file, or their own schema in PostgreSQL),
/// which an index rebuild leaves alone. Nothing here is ever written to a log.
/// </summary>
public interface IFeedbackStore
{
    /// <summary>Adds a logged question; returns its id (<see cref="LoggedQuestion.Id"/> of the argument is ignored).</summary>
    Task<long> AddQuestionAsync(LoggedQuestion question, CancellationToken cancellationToken);

    /// <summary>Stores a rating, replacing that rater's earlier one of the same answer; false when the answer is no longer logged.</summary>
    Task<bool> RateAsync(StoredRating rating, CancellationToken cancellationToken);

    /// <summary>Questions logged at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<LoggedQuestion>> ListQuestionsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Ratings of questions logged at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<StoredRating>> ListRatingsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Deletes questions (and their ratings) logged before <paramref name="cutoff"/>; returns how many questions.</summary>
    Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>`bot feedback purge`: deletes every question and rating; returns how many questions.</summary>
    Task<int> PurgeAllAsync(CancellationToken cancellationToken);
}
