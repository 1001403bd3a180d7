namespace Bot.Discord.Sharding;

/// <summary>
/// IDENTIFY turns shared by every process of the bot, per <c>max_concurrency</c> bucket (<c>shard_id % max_concurrency</c>):
/// Discord allows one IDENTIFY per bucket per 5 s for the whole bot, not per process. A process takes the bucket's turn
/// before it identifies and ends it once the IDENTIFY is sent; the next turn of that bucket, in any process, comes one
/// interval after the send. Without an implementation (one process) the <see cref="IdentifyScheduler"/> alone spaces them.
/// </summary>
public interface IIdentifyTurns
{
    /// <summary>Waits until no other process holds <paramref name="bucket"/> and its interval has passed, then holds it.</summary>
    Task TakeAsync(int bucket, int maxConcurrency, CancellationToken cancellationToken);

    /// <summary>
    /// Ends this process's turn of <paramref name="bucket"/>: when the IDENTIFY was sent <paramref name="sentAgo"/> ago the
    /// bucket stays closed for the rest of <paramref name="interval"/>; when it was not sent (null) the bucket is free at once.
    /// </summary>
    Task EndAsync(int bucket, int maxConcurrency, TimeSpan? sentAgo, TimeSpan interval, CancellationToken cancellationToken);
}
