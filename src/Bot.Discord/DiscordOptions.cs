namespace Bot.Discord;

/// <summary>The `Bot:Discord` configuration section. The token may also come from the DISCORD_TOKEN environment variable.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Bot:Discord";

    /// <summary>Bot token (Developer Portal → Bot). Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>REST base URL including the version; point it at a local Discord-compatible server for tests.</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>Guilds to register the slash commands in (immediate); empty = register globally.</summary>
    public string[] GuildIds { get; set; } = [];

    /// <summary>Users allowed to run /reindex and /add besides the application's owner (or its team's owner and admins).</summary>
    public string[] AdminUserIds { get; set; } = [];

    /// <summary>Guilds where /reindex is registered (a guild command) and open to members with Manage Server; when set it is registered nowhere else.</summary>
    public string[] AdminGuildIds { get; set; } = [];

    /// <summary>Register the slash commands (/ask, /sources, /reindex, /add, /reset, /report) at start-up (bulk overwrite).</summary>
    public bool RegisterCommands { get; set; } = true;

    /// <summary>Questions answered at the same time; the rest wait their turn.</summary>
    public int MaxConcurrentAnswers { get; set; } = 4;

    /// <summary>Most quotes per Discord answer.</summary>
    public int MaxQuotes { get; set; } = 3;

    /// <summary>Characters per message (Discord's limit is 2000).</summary>
    public int MaxMessageLength { get; set; } = 2000;

    /// <summary>First reconnect back-off step; doubled per failed attempt up to <see cref="MaxReconnectDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Minimum time between two IDENTIFYs (Discord: one per 5 s per max_concurrency bucket).</summary>
    public TimeSpan IdentifyInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Random wait before re-identifying after op 9 (libraries wait 1–5 s).</summary>
    public TimeSpan InvalidSessionDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan InvalidSessionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the WebSocket handshake and then for HELLO.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Resume attempts whose connection fails before falling back to a fresh IDENTIFY.</summary>
    public int MaxResumeConnectFailures { get; set; } = 3;

    /// <summary>Interval of the health log line (heartbeat ACK latency, reconnects, answers).</summary>
    public TimeSpan HealthLogInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The typing indicator lasts 10 s; it is re-sent this often while an answer is being prepared.</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Timeout of one REST request.</summary>
    public TimeSpan RestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a REST request after 5xx or a network error (never after 4xx).</summary>
    public int MaxRestRetries { get; set; } = 3;

    /// <summary>First retry delay after 5xx; doubled per retry.</summary>
    public TimeSpan RestRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Proactive cap on REST requests per second across all routes and every process of the bot (Discord's global limit is
    /// 50/s; the default leaves a tenth of headroom, as a request admitted in one second can reach Discord in the next).
    /// Each process takes its share: this divided by <see cref="RestProcesses"/>.
    /// </summary>
    public int GlobalRequestsPerSecond { get; set; } = 45;

    /// <summary>
    /// Gateway commands (heartbeats included) sent per <see cref="GatewayCommandWindow"/> on one connection. Discord allows
    /// 120 per 60 s and closes a connection that sends more (4008); lower it only for tests.
    /// </summary>
    public int GatewayCommandLimit { get; set; } = 120;

    public TimeSpan GatewayCommandWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The URL in the User-Agent, <c>DiscordBot (URL, version)</c>, as Discord asks every bot to send: set it to your bot's
    /// repository or home page. Unset, the reserved <see cref="UnsetUserAgentUrl"/> says so instead of naming someone else.
    /// </summary>
    public string? UserAgentUrl { get; set; }

    public const string UnsetUserAgentUrl = "https://user-agent-url-not-set.invalid";

    /// <summary>Shards in all (<c>shard: [id, ShardCount]</c>); 0 = the count Discord recommends (GET /gateway/bot <c>shards</c>).</summary>
    public int ShardCount { get; set; }

    /// <summary>The shards this process may run, e.g. "0,1" or "0-3"; empty = every shard.</summary>
    public string? ShardIds { get; set; }

    /// <summary>How often shard claims are renewed, sessions saved (when kept) and shards freed elsewhere picked up.</summary>
    public TimeSpan ShardLeaseInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A shard lease (PostgreSQL) not renewed for this long is free for another process to take.</summary>
    public TimeSpan ShardLeaseTtl { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How many processes share the bot's REST budget: each caps itself at <see cref="GlobalRequestsPerSecond"/> divided by
    /// this (rounded down), so together they stay under Discord's global limit. With PostgreSQL a process that sees more
    /// live processes than this divides by their number instead (and logs it), so a forgotten setting cannot exceed it.
    /// </summary>
    public int RestProcesses { get; set; } = 1;

    /// <summary>Questions accepted and not yet answered (waiting or being answered); beyond it askers get a "busy" reply.</summary>
    public int MaxPendingQuestions { get; set; } = 100;

    /// <summary>Questions one user may ask per minute; the first one over gets a polite reply, then the user is ignored for <see cref="FloodMute"/>.</summary>
    public int UserQuestionsPerMinute { get; set; } = 10;

    /// <summary>Questions one channel may ask per minute (same polite reply, then silence).</summary>
    public int ChannelQuestionsPerMinute { get; set; } = 30;

    /// <summary>How long a user or channel over its limit is ignored after the polite reply.</summary>
    public TimeSpan FloodMute { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Discord's interaction token lifetime: older interactions are dropped, and no result is sent on an expired token.</summary>
    public TimeSpan InteractionTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>After a 403 (Missing Access / Missing Permissions) nothing is sent to that channel for this long.</summary>
    public TimeSpan ForbiddenChannelCooldown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Invalid requests (401/403/429) in 10 minutes above which typing indicators stop.</summary>
    public int InvalidRequestSoftLimit { get; set; } = 1000;

    /// <summary>Invalid requests in 10 minutes above which nothing but interaction responses is sent (Discord bans at 10,000).</summary>
    public int InvalidRequestHardLimit { get; set; } = 5000;

    /// <summary>A rate-limit bucket unused this long (and not exhausted) is forgotten.</summary>
    public TimeSpan RateLimitBucketIdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Most REST rate-limit buckets held at once (one per route and channel, guild or interaction token). Beyond it the
    /// least recently used buckets that hold no request and are not exhausted are forgotten before their idle timeout
    /// (such a bucket only knows how many requests its window has left; a new one learns it again from the next response).
    /// </summary>
    public int MaxRateLimitBuckets { get; set; } = 10_000;

    /// <summary>
    /// Most entries of this process's per-user and per-channel rate tables together (without PostgreSQL). Entries with no
    /// question in the last minute and no mute are swept every minute; beyond the cap the least recently active go first
    /// (muted ones last), so a flood of new users cannot grow memory.
    /// </summary>
    public int MaxRateTableEntries { get; set; } = 20_000;

    /// <summary>
    /// Answers whose messages are remembered for their 👍/👎 reactions (question log on): the oldest are forgotten beyond
    /// it, and reactions to them are not recorded.
    /// </summary>
    public int FeedbackRememberedAnswers { get; set; } = 5_000;

    /// <summary>
    /// On a stop (SIGTERM, a deploy), close every shard with a resumable code instead of 1000 and save its session (data
    /// folder, or PostgreSQL with the postgres provider) so the next process RESUMEs it and Discord replays what it missed.
    /// </summary>
    public bool KeepSessionsOnStop { get; set; }

    /// <summary>A saved session older than this is not resumed (Discord keeps a closed session resumable for a short while).</summary>
    public TimeSpan SessionResumeWindow { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Serve /healthz and /metrics (Prometheus text) on 127.0.0.1 at this port; 0 = off.</summary>
    public int HealthPort { get; set; }

    /// <summary>How long a graceful shutdown waits for answers in progress.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
}
