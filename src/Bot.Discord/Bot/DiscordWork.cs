using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Bot;

/// <summary>
/// The bot's background work: handlers run off the gateway reader (so heartbeats are never late behind an answer), a
/// failure is logged rather than lost, and a stop lets work in progress finish before cancelling the rest.
/// </summary>
public sealed class DiscordWork(ILogger<DiscordWork> logger)
{
    private readonly ConcurrentDictionary<Task, byte> _work = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts <paramref name="work"/> on the thread pool; its token is cancelled when draining gives up.</summary>
    public void Run(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var task = Task.Run(async () =>
        {
            try
            {
                await work(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Log.EventFailed(logger, e);
            }
        });
        _work[task] = 0;
        _ = task.ContinueWith(t => _work.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Lets work in progress finish (up to <paramref name="grace"/>), then cancels the rest.</summary>
    public async Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var pending = _work.Keys.ToArray();
        if (pending.Length > 0)
        {
            Log.WaitingForAnswers(logger, pending.Length);
            try
            {
                await Task.WhenAll(pending).WaitAsync(grace, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                Log.StoppingWithAnswersInProgress(logger);
            }
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
    }
}
