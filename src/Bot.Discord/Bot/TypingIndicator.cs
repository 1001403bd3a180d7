using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Bot;

/// <summary>
/// Keeps "Bot is typing…" on in a channel while at least one of its questions is being answered: one typing request per
/// channel every interval (the indicator lasts 10 s), however many questions are in progress there.
/// </summary>
internal sealed class TypingIndicator(DiscordRestClient rest, TimeSpan interval, ILogger logger)
{
    private readonly Dictionary<ulong, int> _working = [];
    private readonly Lock _lock = new();

    public IDisposable Begin(ulong channelId, CancellationToken ct)
    {
        bool start;
        lock (_lock)
        {
            _working[channelId] = _working.GetValueOrDefault(channelId) + 1;
            start = _working[channelId] == 1;
        }
        if (start) _ = KeepTypingAsync(channelId, ct);
        return new Release(this, channelId);
    }

    private bool Busy(ulong channelId)
    {
        lock (_lock) return _working.ContainsKey(channelId);
    }

    private void End(ulong channelId)
    {
        lock (_lock)
        {
            if (--_working[channelId] == 0) _working.Remove(channelId);
        }
    }

    private async Task KeepTypingAsync(ulong channelId, CancellationToken ct)
    {
        try
        {
            while (Busy(channelId) && !ct.IsCancellationRequested)
            {
                await rest.TriggerTypingAsync(channelId, ct).ConfigureAwait(false);
                await Task.Delay(interval, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DiscordApiException or OperationCanceledException)
        {
            logger.LogDebug("Typing indicator in {Channel} stopped: {Error}", channelId, e.Message);
        }
    }

    private sealed class Release(TypingIndicator owner, ulong channelId) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) owner.End(channelId);
        }
    }
}
