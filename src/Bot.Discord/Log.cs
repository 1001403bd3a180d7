using Microsoft.Extensions.Logging;

namespace Bot.Discord;

/// <summary>
/// Every log line of Bot.Discord, source-generated (<see cref="LoggerMessageAttribute"/>). Event ids are stable: never
/// reuse or renumber one, add new ones at the end of their range.
/// <list type="bullet">
/// <item>1000–1099: the bot (Bot/: hosting, message and slash-command handling, background work)</item>
/// <item>1100–1199: the gateway (Gateway/: connection, session, heartbeats)</item>
/// <item>1200–1299: the REST client (Rest/: rate limits, retries, API errors)</item>
/// <item>1300–1399: sharding (Sharding/: shard assignment, identify scheduling)</item>
/// <item>1400–1499: telemetry (Telemetry/: metrics and trace export)</item>
/// <item>1900–1919: answer feedback (<see cref="Bot.FeedbackLog"/>)</item>
/// <item>1920–1939: several-process limits (<see cref="ScaleLog"/>)</item>
/// <item>1940–1959: event durability (<see cref="Bot.DurabilityLog"/>)</item>
/// <item>1500–1899, 1960–1999: free</item>
/// </list>
/// Message content (questions, answers, quotes) is never logged here; the bot token never is.
/// </summary>
internal static partial class Log
{
    // 1000–1099: the bot.

    [LoggerMessage(1000, LogLevel.Information, "Discord bot starting (API {ApiBaseUrl})")]
    public static partial void BotStarting(ILogger logger, string apiBaseUrl);

    [LoggerMessage(1001, LogLevel.Critical, "Discord bot stopped: {Reason}")]
    public static partial void BotStopped(ILogger logger, string reason);

    [LoggerMessage(1002, LogLevel.Information,
        "Discord health: {State}, heartbeat ACK latency {Latency} ms, {ShardsReady}/{Shards} shard(s) ready of {ShardCount}, {Connections} connection(s), {Resumes} resume(s), {Answered} answered, {Queued} queued, {Answering} answering, {Limited} limited, {Busy} busy, {InvalidRequests} invalid request(s) in 10 min")]
    public static partial void Health(ILogger logger, string state, string latency, int shardsReady, int shards, int shardCount, int connections, int resumes,
        long answered, int queued, int answering, long limited, long busy, int invalidRequests);

    [LoggerMessage(1003, LogLevel.Debug, "Message {Id} delivered again; already handled")]
    public static partial void MessageRedelivered(ILogger logger, ulong id);

    [LoggerMessage(1004, LogLevel.Debug, "Interaction {Id} delivered again; already handled")]
    public static partial void InteractionRedelivered(ILogger logger, ulong id);

    [LoggerMessage(1005, LogLevel.Error, "Answering failed")]
    public static partial void AnsweringFailed(ILogger logger, Exception exception);

    [LoggerMessage(1006, LogLevel.Debug, "Typing indicator in {Channel} stopped: {Error}")]
    public static partial void TypingStopped(ILogger logger, ulong channel, string error);

    [LoggerMessage(1007, LogLevel.Information, "Registered the slash commands globally")]
    public static partial void CommandsRegisteredGlobally(ILogger logger);

    [LoggerMessage(1008, LogLevel.Information, "Registered the slash commands in guild {Guild}")]
    public static partial void CommandsRegisteredInGuild(ILogger logger, string guild);

    [LoggerMessage(1009, LogLevel.Error, "Registering the slash commands failed: {Error}")]
    public static partial void CommandRegistrationFailed(ILogger logger, string error);

    [LoggerMessage(1010, LogLevel.Error, "Listing the sources failed")]
    public static partial void ListingSourcesFailed(ILogger logger, Exception exception);

    [LoggerMessage(1011, LogLevel.Error, "Re-indexing failed")]
    public static partial void ReindexFailed(ILogger logger, Exception exception);

    [LoggerMessage(1012, LogLevel.Error, "Handling a Discord event failed")]
    public static partial void EventFailed(ILogger logger, Exception exception);

    [LoggerMessage(1013, LogLevel.Information, "Waiting for {Count} answer(s) in progress")]
    public static partial void WaitingForAnswers(ILogger logger, int count);

    [LoggerMessage(1014, LogLevel.Warning, "Stopping with answers still in progress")]
    public static partial void StoppingWithAnswersInProgress(ILogger logger);

    [LoggerMessage(1015, LogLevel.Debug, "Message in channel {Channel} not answered: the channel refused access recently (403)")]
    public static partial void SkippedForbiddenChannel(ILogger logger, ulong channel);

    [LoggerMessage(1016, LogLevel.Information, "Interaction {Id} dropped: its token has expired")]
    public static partial void InteractionExpired(ILogger logger, ulong id);

    [LoggerMessage(1017, LogLevel.Information, "Admin commands: {Count} owner(s) of the application may run them")]
    public static partial void OwnersLoaded(ILogger logger, int count);

    [LoggerMessage(1018, LogLevel.Warning, "Could not read the application's owners ({Error}); only Bot:Discord:AdminUserIds may run admin commands until they are read")]
    public static partial void OwnersNotLoaded(ILogger logger, string error);

    [LoggerMessage(1020, LogLevel.Information, "Health on http://127.0.0.1:{Port}/healthz")]
    public static partial void HealthEndpointListening(ILogger logger, int port);

    [LoggerMessage(1021, LogLevel.Error, "Could not serve health on 127.0.0.1:{Port}: {Error}")]
    public static partial void HealthEndpointFailed(ILogger logger, int port, string error);

    [LoggerMessage(1019, LogLevel.Warning, "Could not read the bot's user and application ids before resuming ({Error}); they come with the next READY")]
    public static partial void IdentityNotLearned(ILogger logger, string error);

    // 1100–1199: the gateway.

    [LoggerMessage(1100, LogLevel.Information, "Gateway READY as {User} ({UserId}), {Guilds} guild(s)")]
    public static partial void GatewayReady(ILogger logger, string? user, string? userId, int guilds);

    [LoggerMessage(1101, LogLevel.Information, "Gateway RESUMED at sequence {Sequence}")]
    public static partial void GatewayResumed(ILogger logger, int? sequence);

    [LoggerMessage(1102, LogLevel.Information, "Gateway closed ({Code}): shutting down")]
    public static partial void GatewayClosedNormally(ILogger logger, int code);

    [LoggerMessage(1103, LogLevel.Critical, "Gateway closed with {Code} ({Meaning}); not reconnecting")]
    public static partial void GatewayClosedFatally(ILogger logger, int? code, string meaning);

    [LoggerMessage(1104, LogLevel.Warning, "Resuming failed {Count} times; starting a new session")]
    public static partial void ResumeGivenUp(ILogger logger, int count);

    [LoggerMessage(1105, LogLevel.Warning, "Gateway connection failed ({Reason}); {Next} in {Delay} ms")]
    public static partial void GatewayConnectionFailed(ILogger logger, string? reason, string next, int delay);

    [LoggerMessage(1106, LogLevel.Information, "Gateway disconnected ({Reason}); {Next} in {Delay} ms")]
    public static partial void GatewayDisconnected(ILogger logger, string? reason, string next, int delay);

    [LoggerMessage(1107, LogLevel.Warning, "No session starts left (session_start_limit); shard {Shard} waits {Minutes:F0} min for the limit to reset")]
    public static partial void SessionStartsExhausted(ILogger logger, int shard, double minutes);

    [LoggerMessage(1306, LogLevel.Warning, "The shared identify turn of bucket {Bucket} could not be ended; the bucket waits for the turn's hold to run out")]
    public static partial void IdentifyTurnNotEnded(ILogger logger, int bucket, Exception exception);

    [LoggerMessage(1307, LogLevel.Warning, "The shared identify turn of bucket {Bucket} could not be taken; identifying spaced by this process alone")]
    public static partial void IdentifyTurnNotTaken(ILogger logger, int bucket, Exception exception);

    [LoggerMessage(1108, LogLevel.Debug, "Gateway connected to {Host}{Path} to {Action}")]
    public static partial void GatewayConnected(ILogger logger, string host, string path, string action);

    [LoggerMessage(1109, LogLevel.Error, "Handling {Event} failed")]
    public static partial void DispatchFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(1110, LogLevel.Debug, "Sending IDENTIFY (intents {Intents}, shard [{Shard}, {ShardCount}])")]
    public static partial void SendingIdentify(ILogger logger, int intents, int shard, int shardCount);

    [LoggerMessage(1111, LogLevel.Debug, "Sending RESUME at sequence {Sequence}")]
    public static partial void SendingResume(ILogger logger, int? sequence);

    [LoggerMessage(1112, LogLevel.Warning, "No heartbeat ACK within {Interval} ms: zombie connection, reconnecting to resume")]
    public static partial void ZombieConnection(ILogger logger, int interval);

    // 1200–1299: the REST client.

    [LoggerMessage(1200, LogLevel.Debug, "{Route}: bucket exhausted, waiting {Delay} ms")]
    public static partial void BucketExhausted(ILogger logger, string route, int delay);

    [LoggerMessage(1201, LogLevel.Warning, "{Route}: {Error}; retry {Attempt} of {Max}")]
    public static partial void RequestFailedRetrying(ILogger logger, string route, string error, int attempt, int max);

    [LoggerMessage(1202, LogLevel.Warning, "{Route}: rate limited ({Scope}), retrying after {RetryAfter} ms")]
    public static partial void RateLimited(ILogger logger, string route, string scope, int retryAfter);

    [LoggerMessage(1203, LogLevel.Warning, "{Route}: HTTP {Status}; retry {Attempt} of {Max}")]
    public static partial void ServerErrorRetrying(ILogger logger, string route, int status, int attempt, int max);

    [LoggerMessage(1204, LogLevel.Error, "{Route}: HTTP 401, the bot token was rejected; no further authenticated requests will be sent")]
    public static partial void TokenRejected(ILogger logger, string route);

    [LoggerMessage(1205, LogLevel.Warning, "{Error}")]
    public static partial void ApiError(ILogger logger, string error);

    [LoggerMessage(1206, LogLevel.Warning, "Channel {Channel} refused access (403); nothing is sent to it for {Minutes} min")]
    public static partial void ChannelForbidden(ILogger logger, ulong channel, int minutes);

    [LoggerMessage(1207, LogLevel.Error, "{Route}: not sent, {Count} invalid requests (401/403/429) in the last 10 minutes; waiting for the count to fall")]
    public static partial void InvalidRequestBudgetReached(ILogger logger, string route, int count);

    // 1300–1399: sharding.

    [LoggerMessage(1300, LogLevel.Information, "Starting shard [{Shard}, {ShardCount}]")]
    public static partial void ShardStarting(ILogger logger, int shard, int shardCount);

    [LoggerMessage(1301, LogLevel.Warning, "Discord closed a shard with 4011 (sharding required) at {ShardCount} shard(s); restarting every shard with {NewCount}")]
    public static partial void ShardingRequired(ILogger logger, int shardCount, int newCount);

    [LoggerMessage(1302, LogLevel.Warning, "Shard [{Shard}, {ShardCount}] is no longer assigned to this process; stopping it")]
    public static partial void ShardLost(ILogger logger, int shard, int shardCount);

    [LoggerMessage(1303, LogLevel.Information, "No shard of {ShardCount} is assigned to this process yet; waiting")]
    public static partial void NoShardsGranted(ILogger logger, int shardCount);

    [LoggerMessage(1304, LogLevel.Information, "Shard [{Shard}, {ShardCount}]: resuming the saved session at sequence {Sequence}")]
    public static partial void ResumingSavedSession(ILogger logger, int shard, int shardCount, int sequence);

    [LoggerMessage(1305, LogLevel.Information, "Shard [{Shard}, {ShardCount}]: session saved at sequence {Sequence} for the next process to resume")]
    public static partial void SessionSaved(ILogger logger, int shard, int shardCount, int? sequence);

    [LoggerMessage(1030, LogLevel.Error, "/add could not save the page")]
    public static partial void AddFailed(ILogger logger, Exception exception);

    [LoggerMessage(1031, LogLevel.Warning, "The shared question rates could not be read; this question is counted against this process's rates only")]
    public static partial void SharedRatesFailed(ILogger logger, Exception exception);

    // 1400–1499: telemetry.

    [LoggerMessage(1400, LogLevel.Information, "Prometheus metrics on http://127.0.0.1:{Port}/metrics")]
    public static partial void MetricsListening(ILogger logger, int port);

    [LoggerMessage(1401, LogLevel.Error, "Could not serve metrics on 127.0.0.1:{Port}: {Error}")]
    public static partial void MetricsFailed(ILogger logger, int port, string error);

    [LoggerMessage(1402, LogLevel.Information, "Traces exported by OTLP to {Endpoint}")]
    public static partial void TracesExported(ILogger logger, string endpoint);
}
