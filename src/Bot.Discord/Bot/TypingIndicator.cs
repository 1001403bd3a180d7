using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Bot;

/// <summary>
/// Keeps "Bot is typing…" on in a channel while at least one of its questions is being answered: one typing request per
/// channel every interval (the indicator lasts 10 s), however many questions are in progress there.
/// </summary>
internal sealed class TypingIndicator(DiscordRestClient rest, TimeSpan interval, ILogger logger)
{
    // Per channel: questions in progress, and the channel's first typing request of this busy spell.
    private readonly Dictionary<ulong, (int Count, Task FirstSent)> _working = [];
    private readonly Lock _lock = new();

    public Scope Begin(ulong channelId, CancellationToken ct)
    {
        TaskCompletionSource? first = null;
        Task sent;
        lock (_lock)
        {
            if (_working.TryGetValue(channelId, out var w))
            {
                _working[channelId] = (w.Count + 1, w.FirstSent);
                sent = w.FirstSent;
            }
            else
            {
                first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                sent = first.Task;
                _working[channelId] = (1, sent);
            }
        }
        if (first is not null) _ = KeepTypingAsync(channelId, first, ct);
        return new Scope(this, channelId, sent);
    }

    private bool Busy(ulong channelId)
    {
        lock (_lock) return _working.ContainsKey(channelId);
    }

    private void End(ulong channelId)
    {
        lock (_lock)
        {
            var w = _working[channelId];
            if (w.Count == 1) _working.Remove(channelId);
            else _working[channelId] = (w.Count - 1, w.FirstSent);
        }
    }

    private async Task KeepTypingAsync(ulong channelId, TaskCompletionSource first, CancellationToken ct)
    {
        try
        {
            while (Busy(channelId) && !ct.IsCancellationRequested)
            {
                await rest.TriggerTypingAsync(channelId, ct).ConfigureAwait(false);
                first.TrySetResult();
                await Task.Delay(interval, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DiscordApiException or OperationCanceledException)
        {
            Log.TypingStopped(logger, channelId, e.Message);
        }
        finally
        {
            first.TrySetResult(); // sent, failed or never needed: nobody waits on it any longer
        }
    }

    /// <summary>One question's share of the indicator; dispose when its answer is ready.</summary>
    internal sealed class Scope(TypingIndicator owner, ulong channelId, Task firstSent) : IDisposable
    {
        private int _done;

        /// <summary>
        /// Completes once the channel's first typing request is done (or has failed). A reply posted before it could be
        /// followed by a late typing request, and Discord would then show "typing…" under the answer for 10 s.
        /// </summary>
        public Task FirstSent => firstSent;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) owner.End(channelId);
        }
    }
}
