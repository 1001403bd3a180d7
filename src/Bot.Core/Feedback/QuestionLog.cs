using Bot.Core.Answering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Feedback;

/// <summary>
/// What a front end calls to log a question and a rating. Does nothing unless <see cref="FeedbackOptions.Enabled"/>;
/// never throws for a store failure (answering goes on; one warning without the question); deletes rows past
/// <see cref="FeedbackOptions.RetentionDays"/> before its first write and then at most daily.
/// </summary>
public sealed class QuestionLog(IFeedbackStore store, AskerHasher hasher, IOptions<FeedbackOptions> options, ILogger<QuestionLog> logger,
    TimeProvider? time = null)
{
    /// <summary>Longest reason kept with a rating, in characters.</summary>
    public const int MaxReasonLength = 1000;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _purgeGate = new(1, 1);
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;
    private int _warned;

    public bool Enabled => options.Value.Enabled;

    /// <summary>The opaque hash of a user of <paramref name="frontEnd"/> (see <see cref="AskerHasher"/>).</summary>
    public string HashUser(string frontEnd, string userId) => hasher.Hash(frontEnd, userId);

    /// <summary>Logs the question <paramref name="answer"/> answers; its id for ratings, or null when off or not stored.</summary>
    public async Task<long?> RecordAsync(Answer answer, string frontEnd, string askerHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!Enabled) return null;
        try
        {
            await PurgeIfDueAsync(cancellationToken).ConfigureAwait(false);
            var first = answer.Answered && answer.Quotes.Count > 0 ? answer.Quotes[0] : null;
            var id = await store.AddQuestionAsync(new LoggedQuestion(0, _time.GetUtcNow(), frontEnd, answer.Question, answer.Answered,
                first?.Path, first?.Paragraph, Math.Round(answer.Confidence, 4), askerHash), cancellationToken).ConfigureAwait(false);
            Log.Recorded(logger, frontEnd, answer.Answered ? "answered" : "refused");
            return id;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed(e);
            return null;
        }
    }

    /// <summary>
    /// Records a rating of logged question <paramref name="questionId"/>; a bad one keeps <paramref name="quotes"/>.
    /// False when off, when the question is no longer logged, or when it could not be stored.
    /// </summary>
    public async Task<bool> RateAsync(long questionId, FeedbackRating rating, bool byAsker, string raterHash, string? reason,
        IReadOnlyList<Quote> quotes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        if (!Enabled) return false;
        if (reason is { Length: > MaxReasonLength }) reason = reason[..MaxReasonLength];
        var kept = rating == FeedbackRating.Bad ? quotes.Select(q => new RatedQuote(q.Title, q.Path, q.Paragraph, q.Text)).ToList() : [];
        try
        {
            var stored = await store.RateAsync(new StoredRating(questionId, _time.GetUtcNow(), rating, byAsker,
                string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), kept, raterHash), cancellationToken).ConfigureAwait(false);
            if (stored) Log.Rated(logger, rating.ToString(), byAsker);
            return stored;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed(e);
            return false;
        }
    }

    /// <summary>Deletes rows older than the retention (whether or not logging is on); returns how many questions went.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await _purgeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var days = options.Value.RetentionDays;
            var n = await store.PurgeBeforeAsync(now - TimeSpan.FromDays(days), cancellationToken).ConfigureAwait(false);
            _nextPurge = now + TimeSpan.FromDays(1);
            if (n > 0) Log.Purged(logger, n, days);
            return n;
        }
        finally
        {
            _purgeGate.Release();
        }
    }

    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        if (_time.GetUtcNow() < _nextPurge) return;
        try
        {
            await PurgeExpiredAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _nextPurge = _time.GetUtcNow() + TimeSpan.FromHours(1);
            Log.PurgeFailed(logger, FirstLine(e.Message));
        }
    }

    // A read-only or full data folder fails every write: warn once per process, then only at Debug.
    private void Failed(Exception e)
    {
        var error = e.GetType().Name + ": " + FirstLine(e.Message);
        if (Interlocked.Exchange(ref _warned, 1) == 0) Log.RecordFailed(logger, error);
        else Log.RecordFailedAgain(logger, error);
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
