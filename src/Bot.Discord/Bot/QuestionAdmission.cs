using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// Backpressure and abuse limits before any work starts: a bounded number of pending questions per process
/// (<see cref="DiscordOptions.MaxPendingQuestions"/>), and a per-user and per-channel rate per minute. The first question
/// over a rate gets a polite reply; the user or channel is then ignored for <see cref="DiscordOptions.FloodMute"/>.
/// Its tables are bounded: idle entries are dropped. With <see cref="IQuestionRates"/> (several processes on PostgreSQL)
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
    private long _limited, _busy;

    /// <param name="options">The rates, the mute and the queue's size.</param>
    /// <param name="shared">Rates shared with other processes; without it they are this process's own.</param>
    /// <param name="logger">A shared-rate failure (the question is then counted here only).</param>
    public QuestionAdmission(IOptions<DiscordOptions> options, IQuestionRates? shared = null, ILogger<QuestionAdmission>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
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

    /// <summary>Entries in the per-user and per-channel tables (bounded).</summary>
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
                        if (_pending >= _options.MaxPendingQuestions)
                        {
                            Interlocked.Increment(ref _busy);
                            return new AdmissionResult(AdmissionVerdict.Busy, BusyText, null);
                        }
                        _pending++;
                    }
                    return new AdmissionResult(AdmissionVerdict.Accepted, null, new Place(this));
            }
        }
        var verdict = Admit(userId, channelId, out var text, out var place);
        return new AdmissionResult(verdict, text, place);
    }

    /// <summary>Decides about a question from <paramref name="userId"/> in <paramref name="channelId"/> by this process's own rates.</summary>
    /// <param name="text">For <see cref="AdmissionVerdict.Busy"/> and <see cref="AdmissionVerdict.Limited"/>: the reply.</param>
    /// <param name="place">For <see cref="AdmissionVerdict.Accepted"/>: dispose it once the answer is sent.</param>
    private AdmissionVerdict Admit(ulong userId, ulong channelId, out string? text, out IDisposable? place)
    {
        text = null;
        place = null;
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (_users.Count + _channels.Count > 20_000) Prune(now);
            var user = Get(_users, userId);
            var channel = Get(_channels, channelId);
            if (user.Muted(now) || channel.Muted(now))
            {
                Interlocked.Increment(ref _limited);
                return AdmissionVerdict.Ignored;
            }
            bool byUser = user.Count(now) >= _options.UserQuestionsPerMinute;
            if (byUser || channel.Count(now) >= _options.ChannelQuestionsPerMinute)
            {
                (byUser ? user : channel).MuteUntil = now + (long)(_options.FloodMute.TotalSeconds * Stopwatch.Frequency);
                Interlocked.Increment(ref _limited);
                text = byUser ? UserLimitedText : ChannelLimitedText;
                return AdmissionVerdict.Limited;
            }
            if (_pending >= _options.MaxPendingQuestions)
            {
                Interlocked.Increment(ref _busy);
                text = BusyText;
                return AdmissionVerdict.Busy;
            }
            user.Asked.Enqueue(now);
            channel.Asked.Enqueue(now);
            _pending++;
        }
        place = new Place(this);
        return AdmissionVerdict.Accepted;
    }

    private static Rate Get(Dictionary<ulong, Rate> table, ulong id)
    {
        if (!table.TryGetValue(id, out var rate)) table[id] = rate = new Rate();
        return rate;
    }

    // Under the lock: drop entries with nothing in their window and no mute.
    private void Prune(long now)
    {
        foreach (var table in new[] { _users, _channels })
            foreach (var (id, rate) in table.ToList())
                if (rate.Count(now) == 0 && !rate.Muted(now)) table.Remove(id);
    }

    private void Release()
    {
        lock (_lock) _pending--;
    }

    private sealed class Rate
    {
        public readonly Queue<long> Asked = new();
        public long MuteUntil;

        public bool Muted(long now) => MuteUntil > now;

        public int Count(long now)
        {
            while (Asked.Count > 0 && Stopwatch.GetElapsedTime(Asked.Peek(), now) >= Minute) Asked.Dequeue();
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
