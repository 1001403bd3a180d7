using System.Diagnostics;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Sharding;

/// <summary>
/// Discord's identify limits for every shard of the process: IDENTIFYs are queued per bucket
/// (<c>shard_id % max_concurrency</c>), one per bucket per interval (5 s), and never sent once
/// <c>session_start_limit.remaining</c> is used up — the scheduler then waits for <c>reset_after</c> and reads the limit
/// again. Only IDENTIFYs actually sent count: a ticket disposed unsent gives its session start back. With
/// <see cref="IIdentifyTurns"/> (PostgreSQL) the bucket's turn is also taken across processes, and with
/// <see cref="ISessionStarts"/> the session starts are counted for every process together (each reading of the limit is
/// reported to it; if it cannot be reached, this process counts its own meanwhile).
/// </summary>
internal sealed class IdentifyScheduler(TimeSpan interval, ILogger logger, IIdentifyTurns? shared = null, ISessionStarts? starts = null)
{
    private (GatewayBotInfo Info, long At)? _latest;
    private readonly Dictionary<int, Bucket> _buckets = [];
    private readonly Lock _lock = new();
    private int _maxConcurrency = 1;
    private int _remaining = int.MaxValue;
    private long _resetAt;

    /// <summary>Reads the limit again once it reset (GET /gateway/bot); without it the scheduler assumes one start.</summary>
    public Func<CancellationToken, Task<GatewayBotInfo>>? Refresh { get; set; }

    public int MaxConcurrency
    {
        get
        {
            lock (_lock) return _maxConcurrency;
        }
    }

    /// <summary>Session starts left as last known (decremented by each IDENTIFY sent).</summary>
    public int Remaining
    {
        get
        {
            lock (_lock) return _remaining;
        }
    }

    /// <summary>What GET /gateway/bot said: max_concurrency, remaining session starts and when they reset.</summary>
    public void Update(GatewayBotInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (_lock)
        {
            _maxConcurrency = Math.Max(1, info.MaxConcurrency);
            _remaining = info.SessionsRemaining;
            _resetAt = Stopwatch.GetTimestamp() + (long)(info.SessionsResetAfter.TotalSeconds * Stopwatch.Frequency);
            _latest = (info, Stopwatch.GetTimestamp());
        }
    }

    // The latest reading, with its age: sent with every take (merging it again is harmless: within its window the lower
    // count wins, and once its window is over it is not merged), so shards identifying at once never lack one.
    private SessionStartReading? LatestReading()
    {
        lock (_lock)
            return _latest is { } u ? new SessionStartReading(u.Info.SessionsRemaining, u.Info.SessionsResetAfter, Stopwatch.GetElapsedTime(u.At)) : null;
    }

    /// <summary>
    /// Waits until <paramref name="shardId"/> may IDENTIFY: its bucket free and its interval passed, and a session start
    /// left. Hold the ticket until the IDENTIFY is sent (<see cref="Ticket.Sent"/>), then dispose it.
    /// </summary>
    public async Task<Ticket> AcquireAsync(int shardId, CancellationToken ct)
    {
        Bucket bucket;
        int key, maxConcurrency;
        lock (_lock)
        {
            maxConcurrency = _maxConcurrency;
            key = shardId % maxConcurrency;
            if (!_buckets.TryGetValue(key, out bucket!)) _buckets[key] = bucket = new Bucket();
        }
        await bucket.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var last = Interlocked.Read(ref bucket.LastSent);
            if (last != 0)
            {
                var wait = interval - Stopwatch.GetElapsedTime(last);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
            }
            var window = starts is null ? null : await TakeSharedStartAsync(shardId, ct).ConfigureAwait(false);
            if (starts is null || window is null) await TakeSessionStartAsync(shardId, ct).ConfigureAwait(false);
            if (shared is not null)
            {
                try
                {
                    await shared.TakeAsync(key, maxConcurrency, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await ReturnAsync(window).ConfigureAwait(false);
                    throw;
                }
                catch (Exception e)
                {
                    // Why not fail the shard: the database being away must not stop the gateway; this process still spaces its own.
                    Log.IdentifyTurnNotTaken(logger, key, e);
                }
            }
            return new Ticket(this, bucket, key, maxConcurrency, window);
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }
    }

    private async Task TakeSessionStartAsync(int shardId, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                if (_remaining > 0)
                {
                    _remaining--;
                    return;
                }
                wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _resetAt);
            }
            Log.SessionStartsExhausted(logger, shardId, Math.Max(0, wait.TotalMinutes));
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
            if (Refresh is { } refresh)
            {
                Update(await refresh(ct).ConfigureAwait(false));
            }
            else
            {
                lock (_lock) _remaining = Math.Max(_remaining, 1);
            }
        }
    }

    /// <summary>
    /// One start from the count shared by every process; null when the store cannot be reached (the caller then counts
    /// locally). Waits for the reset when none is left, then reads the limit again.
    /// </summary>
    private async Task<long?> TakeSharedStartAsync(int shardId, CancellationToken ct)
    {
        while (true)
        {
            SessionStartTake take;
            try
            {
                take = await starts!.TryTakeAsync(LatestReading(), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ScaleLog.SharedSessionStartsFailed(logger, e);
                return null;
            }
            if (take.Taken)
            {
                lock (_lock)
                    if (_remaining is > 0 and < int.MaxValue) _remaining--; // the local figure follows, for the health line and a fallback
                return take.Window;
            }
            if (take.RetryAfter > TimeSpan.Zero)
            {
                ScaleLog.SharedSessionStartsExhausted(logger, shardId, take.RetryAfter.TotalSeconds);
                await Task.Delay(take.RetryAfter + TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
            }
            if (Refresh is { } refresh) Update(await refresh(ct).ConfigureAwait(false));
            else Update(new GatewayBotInfo("", 1, 1, interval, MaxConcurrency)); // nothing to read the limit from: one start
        }
    }

    private async Task ReturnAsync(long? window)
    {
        if (window is null)
        {
            lock (_lock)
                if (_remaining < int.MaxValue) _remaining++;
            return;
        }
        try
        {
            await starts!.ReturnAsync(window.Value, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Why only logged: a start not given back is one fewer until the reset, never one too many.
            ScaleLog.SharedSessionStartsFailed(logger, e);
        }
    }

    // Ends the shared turn; a failure (the database gone) only delays the bucket until the turn's hold runs out.
    private async Task EndSharedAsync(int key, int maxConcurrency, TimeSpan? sentAgo)
    {
        if (shared is null) return;
        try
        {
            await shared.EndAsync(key, maxConcurrency, sentAgo, interval, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.IdentifyTurnNotEnded(logger, key, e);
        }
    }

    internal sealed class Bucket
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public long LastSent;
    }

    /// <summary>The right to send one IDENTIFY; dispose it whether it was sent or not.</summary>
    internal sealed class Ticket : IAsyncDisposable
    {
        private readonly IdentifyScheduler _owner;
        private readonly Bucket _bucket;
        private readonly int _key, _maxConcurrency;
        private readonly long? _window;
        private int _state; // 0 held, 1 sent, 2 disposed
        private long _sentAt;

        internal Ticket(IdentifyScheduler owner, Bucket bucket, int key, int maxConcurrency, long? window)
        {
            _window = window;
            _owner = owner;
            _bucket = bucket;
            _key = key;
            _maxConcurrency = maxConcurrency;
        }

        /// <summary>The IDENTIFY went out now: the bucket's interval starts.</summary>
        public void Sent()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) return;
            _sentAt = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref _bucket.LastSent, _sentAt);
        }

        public async ValueTask DisposeAsync()
        {
            var previous = Interlocked.Exchange(ref _state, 2);
            if (previous == 2) return;
            if (previous == 0) await _owner.ReturnAsync(_window).ConfigureAwait(false);
            try
            {
                await _owner.EndSharedAsync(_key, _maxConcurrency, previous == 1 ? Stopwatch.GetElapsedTime(_sentAt) : null).ConfigureAwait(false);
            }
            finally
            {
                _bucket.Gate.Release();
            }
        }
    }
}
