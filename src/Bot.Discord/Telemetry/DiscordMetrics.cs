using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bot.Core.Conversations;
using Bot.Discord.Bot;
using Bot.Discord.Rest;
using Bot.Discord.Sharding;

namespace Bot.Discord.Telemetry;

/// <summary>
/// The bot's <see cref="System.Diagnostics.Metrics"/> instruments (meter <see cref="MeterName"/>): questions by outcome,
/// answer latency, queue depth, per-shard gateway state, latency and reconnects, REST 429s and invalid requests. They
/// cost nothing until a listener subscribes: <see cref="TelemetryExport"/> serves them as Prometheus <c>/metrics</c> on
/// <see cref="DiscordOptions.HealthPort"/>.
/// </summary>
public sealed class DiscordMetrics : IDisposable
{
    public const string MeterName = "Bot.Discord";

    /// <summary>Answer latency buckets in seconds (a question is answered in milliseconds lexically, seconds with an LLM).</summary>
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly double[] HeartbeatBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Meter _meter = new(MeterName, typeof(DiscordMetrics).Assembly.GetName().Version?.ToString(3));
    private readonly Counter<long> _questions;
    private readonly Histogram<double> _answerDuration;
    private readonly Counter<long> _connections;
    private readonly Counter<long> _reconnects;
    private readonly Histogram<double> _heartbeat;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _invalidRequests;
    private int _observing;

    public DiscordMetrics()
    {
        _questions = _meter.CreateCounter<long>("bot.discord.questions", "{question}",
            "Questions by outcome: answered, abstained (not found), invalid, limited (per-user or per-channel rate), busy (queue full), failed.");
        _answerDuration = _meter.CreateHistogram("bot.discord.answer.duration", "s",
            "From the question's event to its reply sent: the queue wait, the answer and the REST calls.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _connections = _meter.CreateCounter<long>("bot.discord.gateway.connections", "{connection}", "Gateway connections opened, per shard and kind (identify or resume).");
        _reconnects = _meter.CreateCounter<long>("bot.discord.gateway.reconnects", "{connection}", "Gateway connections after a shard's first (drops, op 7, resumes), per shard.");
        _heartbeat = _meter.CreateHistogram("bot.discord.gateway.heartbeat.latency", "s", "Time from a heartbeat to its ACK, per shard.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HeartbeatBuckets });
        _rateLimited = _meter.CreateCounter<long>("bot.discord.rest.rate_limited", "{response}", "REST 429 responses, by scope (route, global, shared).");
        _invalidRequests = _meter.CreateCounter<long>("bot.discord.rest.invalid_requests", "{response}",
            "REST 401, 403 and non-shared 429 responses (Discord bans an IP at 10,000 in 10 minutes), by status.");
    }

    /// <summary>A question turned away or dropped before answering (limited, busy).</summary>
    public void Question(QuestionOutcome outcome, string via) =>
        _questions.Add(1, new KeyValuePair<string, object?>("outcome", Tag(outcome)), new KeyValuePair<string, object?>("via", via));

    /// <summary>A reply sent (or failed): counted by outcome, and its latency from <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Replied(QuestionOutcome outcome, string via, long started)
    {
        Question(outcome, via);
        _answerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", Tag(outcome)));
    }

    internal void Connected(int shard, bool resume, bool reconnect)
    {
        _connections.Add(1, new KeyValuePair<string, object?>("shard", shard), new KeyValuePair<string, object?>("kind", resume ? "resume" : "identify"));
        if (reconnect) _reconnects.Add(1, new KeyValuePair<string, object?>("shard", shard));
    }

    internal void HeartbeatAcked(int shard, TimeSpan latency) => _heartbeat.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("shard", shard));

    internal void RateLimited(string scope) => _rateLimited.Add(1, new KeyValuePair<string, object?>("scope", scope));

    internal void InvalidRequest(int status) => _invalidRequests.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <summary>
    /// Adds the gauges read from the running bot (once): pending and answering questions, shards in all and READY, each
    /// shard's last heartbeat latency, invalid requests in the last ten minutes, the sizes of the REST bucket and rate tables.
    /// </summary>
    /// <param name="feedback">Optional: the question log's reaction map.</param>
    /// <param name="conversations">Optional: the conversation store, when it is the in-memory one.</param>
    internal void Observe(ShardedGateway gateway, QuestionAdmission admission, ChannelAnswerer answers, DiscordRestClient rest,
        AnswerFeedback? feedback = null, InMemoryConversationStore? conversations = null)
    {
        if (Interlocked.Exchange(ref _observing, 1) != 0) return;
        _meter.CreateObservableGauge("bot.discord.questions.queued", () => Math.Max(0, admission.Pending - answers.Active), "{question}",
            "Questions accepted and waiting for an answer slot.");
        _meter.CreateObservableGauge("bot.discord.questions.answering", () => answers.Active, "{question}", "Questions being answered now.");
        _meter.CreateObservableGauge("bot.discord.shards", () => gateway.ShardCount, "{shard}", "Shards of the bot in all (this process runs some of them).");
        _meter.CreateObservableGauge("bot.discord.shard.ready",
            () => gateway.Shards.Select(s => new Measurement<int>(s.IsReady ? 1 : 0, new KeyValuePair<string, object?>("shard", s.Shard.Id))), "{shard}",
            "1 for each shard this process runs whose session is READY, 0 while it connects.");
        _meter.CreateObservableGauge("bot.discord.gateway.latency",
            () => gateway.Shards.Where(s => s.Latency is not null)
                .Select(s => new Measurement<double>(s.Latency!.Value.TotalSeconds, new KeyValuePair<string, object?>("shard", s.Shard.Id))), "s",
            "The last heartbeat ACK latency per shard.");
        _meter.CreateObservableGauge("bot.discord.rest.invalid_requests.recent", () => rest.RecentInvalidRequests, "{response}",
            "401/403/429 responses in the last 10 minutes.");
        _meter.CreateObservableGauge("bot.discord.rest.buckets", () => rest.BucketCount, "{bucket}",
            "Rate-limit buckets held (one per route and channel, guild or interaction; idle ones are swept).");
        _meter.CreateObservableGauge("bot.discord.admission.tracked", () => admission.Tracked, "{entry}",
            "Users and channels in the per-user and per-channel rate tables (bounded; idle entries are dropped).");
        _meter.CreateObservableGauge("bot.discord.table.entries", () => Tables(admission, rest, feedback, conversations), "{entry}",
            "Entries of each per-channel, per-user, per-bucket or per-message table of the process (each bounded: docs/discord.md, running at scale).");
    }

    private static IEnumerable<Measurement<int>> Tables(QuestionAdmission admission, DiscordRestClient rest, AnswerFeedback? feedback,
        InMemoryConversationStore? conversations)
    {
        var (users, channels) = admission.TrackedByKind;
        yield return Table("rate_users", users);
        yield return Table("rate_channels", channels);
        yield return Table("rest_buckets", rest.BucketCount);
        yield return Table("forbidden_channels", rest.ForbiddenChannels);
        if (feedback is not null) yield return Table("feedback_messages", feedback.RememberedMessages);
        if (conversations is not null) yield return Table("conversations", conversations.Count);
    }

    private static Measurement<int> Table(string name, int entries) => new(entries, new KeyValuePair<string, object?>("table", name));

    private static string Tag(QuestionOutcome outcome) => outcome switch
    {
        QuestionOutcome.Answered => "answered",
        QuestionOutcome.Abstained => "abstained",
        QuestionOutcome.Invalid => "invalid",
        QuestionOutcome.Limited => "limited",
        QuestionOutcome.Busy => "busy",
        _ => "failed",
    };

    public void Dispose() => _meter.Dispose();
}
