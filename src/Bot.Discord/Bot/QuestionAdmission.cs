using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// Backpressure and abuse limits before any work starts: a bounded number of pending questions per process
/// (<see cref="DiscordOptions.MaxPendingQuestions"/>), and a per-user and per-channel rate per minute. The first question
/// over a rate gets a polite reply; the user or channel is then ignored for <see cref="DiscordOptions.FloodMute"/>.
/// Its tables are bounded: entries idle for a minute (no question in the window, no mute) are swept every minute, and
/// at most <see cref="DiscordOptions.MaxRateTableEntries"/> are kept (the least recently active go first). With <see cref="IQuestionRates"/> (several processes on PostgreSQL)
/// the rates are shared by every process instead; the queue stays per process.
/// </summary>
public sealed class QuestionAdmission
{
    public const string BusyText = "I'm busy answering other questions right now; please try again in a moment.";
    public const string UserLimitedText = "You're asking faster than I can answer; please wait a minute before asking again.";
    public const string ChannelLimitedText = "This channel is asking faster than I can answer; please wait a minute before asking again.";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly DiscordOptions _options;
    private readonly IQuestionRates? _shared;
    private readonly ILogger _logger;
    private readonly Dictionary<ulong, Rate> _users = [];
    private readonly Dictionary<ulong, Rate> _channels = [];
    private readonly Lock _lock = new();
    private int _pending;
    private long _limited, _busy, _evicted;
    private long _lastSweep;
    private readonly TimeProvider _time;

    /// <param name="options">The rates, the mute and the queue's size.</param>
    /// <param name="shared">Rates shared with other processes; without it they are this process's own.</param>
    /// <param name="logger">A shared-rate failure (the question is then counted here only).</param>
    /// <param name="time">The clock of the rate windows, mutes and sweeps (tests pass their own).</param>
    public QuestionAdmission(IOptions<DiscordOptions> options, IQuestionRates? shared = null, ILogger<QuestionAdmission>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? TimeProvider.System;
        _lastSweep = _time.GetTimestamp();
        _options = options.Value;
        _shared = shared;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Questions accepted and not yet answered.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Questions turned away for a rate (polite reply or silence) since start.</summary>
    public long Limited => Interlocked.Read(ref _limited);

    /// <summary>Questions turned away because the queue was full since start.</summary>
    public long Busy => Interlocked.Read(ref _busy);

    /// <summary>Rate-table entries forgotten at the cap (<see cref="DiscordOptions.MaxRateTableEntries"/>) while still in their minute.</summary>
    internal long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Entries in the per-user and per-channel tables (bounded by <see cref="DiscordOptions.MaxRateTableEntries"/>).</summary>
    internal (int Users, int Channels) TrackedByKind
    {
        get
        {
            lock (_lock) return (_users.Count, _channels.Count);
        }
    }

    /// <summary>Entries in the per-user and per-channel tables together.</summary>
    internal int Tracked
    {
        get
        {
            lock (_lock) return _users.Count + _channels.Count;
        }
    }

    /// <summary>
    /// Decides about a question from <paramref name="userId"/> in <paramref name="channelId"/>: by the shared rates when
    /// there are some (a question turned away as busy has then been counted against them), else as <see cref="Admit"/>.
    /// </summary>
    public async Task<AdmissionResult> AdmitAsync(ulong userId, ulong channelId, CancellationToken cancellationToken)
    {
        if (_shared is not null)
        {
            QuestionRate? rate = null;
            try
            {
                rate = await _shared.CheckAsync(userId, channelId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SharedRatesFailed(_logger, e);
            }
            switch (rate)
            {
                case QuestionRate.Muted:
                    Interlocked.Increment(ref _limited);
                    return new AdmissionResult(AdmissionVerdict.Ignored, null, null);
                case QuestionRate.UserOver or QuestionRate.ChannelOver:
                    Interlocked.Increment(ref _limited);
                    return new AdmissionResult(AdmissionVerdict.Limited, rate == QuestionRate.UserOver ? UserLimitedText : ChannelLimitedText, null);
                case QuestionRate.Allowed:
                    lock (_lock)
                    {
                        if (!TryTakePlace()) return new AdmissionResult(AdmissionVerdict.Busy, BusyText, null);
                    }
                    return new AdmissionResult(AdmissionVerdict.Accepted, null, new Place(this));
            }
        }
        return Admit(userId, channelId);
    }

    /// <summary>Decides about a question from <paramref name="userId"/> in <paramref name="channelId"/> by this process's own rates.</summary>
    private AdmissionResult Admit(ulong userId, ulong channelId)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            SweepIfDue(now);
            var user = Get(_users, userId, now);
            var channel = Get(_channels, channelId, now);
            if (user.Muted(now) || channel.Muted(now))
            {
                Interlocked.Increment(ref _limited);
                return new AdmissionResult(AdmissionVerdict.Ignored, null, null);
            }
            bool byUser = user.Count(now, _time) >= _options.UserQuestionsPerMinute;
            if (byUser || channel.Count(now, _time) >= _options.ChannelQuestionsPerMinute)
            {
                (byUser ? user : channel).MuteUntil = now + (long)(_options.FloodMute.TotalSeconds * _time.TimestampFrequency);
                Interlocked.Increment(ref _limited);
                return new AdmissionResult(AdmissionVerdict.Limited, byUser ? UserLimitedText : ChannelLimitedText, null);
            }
            if (!TryTakePlace()) return new AdmissionResult(AdmissionVerdict.Busy, BusyText, null);
            user.Asked.Enqueue(now);
            channel.Asked.Enqueue(now);
        }
        return new AdmissionResult(AdmissionVerdict.Accepted, null, new Place(this));
    }

    // Under the lock: a place in the queue, unless it is full (then counted as busy).
    private bool TryTakePlace()
    {
        if (_pending >= _options.MaxPendingQuestions)
        {
            Interlocked.Increment(ref _busy);
            return false;
        }
        _pending++;
        return true;
    }

    private Rate Get(Dictionary<ulong, Rate> table, ulong id, long now)
    {
        if (!table.TryGetValue(id, out var rate))
        {
            // Why before adding: the cap holds at every moment, not only after the next sweep.
            if (_users.Count + _channels.Count >= _options.MaxRateTableEntries) Evict(now);
            table[id] = rate = new Rate();
        }
        rate.LastSeen = now;
        return rate;
    }

    // Under the lock, once a minute: drop entries with nothing in their window and no mute (a user or channel that asked
    // once an hour ago holds no memory now).
    private void SweepIfDue(long now)
    {
        if (_time.GetElapsedTime(_lastSweep, now) < Minute) return;
        _lastSweep = now;
        Sweep(now);
    }

    private void Sweep(long now)
    {
        foreach (var table in new[] { _users, _channels })
            foreach (var (id, rate) in table.ToList())
                if (rate.Count(now, _time) == 0 && !rate.Muted(now)) table.Remove(id);
    }

    // Under the lock, at the cap: the sweep, then the least recently active entries (muted ones last: forgetting a mute
    // lets a flooder back in), down to a tenth below the cap so this runs once per tenth of the cap.
    private void Evict(long now)
    {
        Sweep(now);
        var excess = _users.Count + _channels.Count - (_options.MaxRateTableEntries - (_options.MaxRateTableEntries / 10));
        if (excess <= 0) return;
        var oldest = _users.Select(kv => (Table: _users, kv.Key, kv.Value)).Concat(_channels.Select(kv => (Table: _channels, kv.Key, kv.Value)))
            .OrderBy(e => e.Value.Muted(now)).ThenBy(e => e.Value.LastSeen).Take(excess).ToList();
        foreach (var (table, id, _) in oldest) table.Remove(id);
        Interlocked.Add(ref _evicted, oldest.Count);
    }

    private void Release()
    {
        lock (_lock) _pending--;
    }

    private sealed class Rate
    {
        public readonly Queue<long> Asked = new();
        public long MuteUntil;
        public long LastSeen;

        public bool Muted(long now) => MuteUntil > now;

        public int Count(long now, TimeProvider time)
        {
            while (Asked.Count > 0 && time.GetElapsedTime(Asked.Peek(), now) >= Minute) Asked.Dequeue();
            return Asked.Count;
        }
    }

    private sealed class Place(QuestionAdmission owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) owner.Release();
        }
    }
}
