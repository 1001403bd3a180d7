using System.Globalization;
using Microsoft.Extensions.Options;

namespace Bot.Discord;

/// <summary>Start-up validation of <see cref="DiscordOptions"/>: clear messages, and never the token's value.</summary>
public sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Token))
            failures.Add("the Discord bot token is missing: set the DISCORD_TOKEN environment variable or Bot:Discord:Token (appsettings.Local.json or Bot__Discord__Token)");
        else if (options.Token.Any(char.IsWhiteSpace) || options.Token.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase))
            failures.Add("Bot:Discord:Token must be the raw token (no 'Bot ' prefix, no spaces)");
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            failures.Add($"Bot:Discord:ApiBaseUrl must be an absolute http(s) URL (got '{options.ApiBaseUrl}')");
        if (options.UserAgentUrl is not null &&
            (!Uri.TryCreate(options.UserAgentUrl, UriKind.Absolute, out var ua) || (ua.Scheme != Uri.UriSchemeHttps && ua.Scheme != Uri.UriSchemeHttp)))
            failures.Add($"Bot:Discord:UserAgentUrl must be an absolute http(s) URL, your bot's repository or home page (got '{options.UserAgentUrl}')");
        if (options.GatewayCommandLimit is < 2 or > 120) failures.Add("Bot:Discord:GatewayCommandLimit must be 2–120 (Discord allows 120 per 60 s)");
        if (options.GatewayCommandWindow <= TimeSpan.Zero) failures.Add("Bot:Discord:GatewayCommandWindow must be positive");
        foreach (var id in options.GuildIds.Concat(options.AdminUserIds).Concat(options.AdminGuildIds))
            if (!ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                failures.Add($"'{id}' in Bot:Discord:GuildIds/AdminUserIds/AdminGuildIds is not a Discord id (snowflake)");
        if (options.MaxConcurrentAnswers is < 1 or > 64) failures.Add("Bot:Discord:MaxConcurrentAnswers must be 1–64");
        if (options.MaxQuotes is < 1 or > 10) failures.Add("Bot:Discord:MaxQuotes must be 1–10");
        if (options.MaxMessageLength is < 200 or > 2000) failures.Add("Bot:Discord:MaxMessageLength must be 200–2000");
        if (options.MaxRestRetries is < 0 or > 10) failures.Add("Bot:Discord:MaxRestRetries must be 0–10");
        if (options.GlobalRequestsPerSecond is < 1 or > 1000) failures.Add("Bot:Discord:GlobalRequestsPerSecond must be 1–1000");
        if (options.MaxResumeConnectFailures < 1) failures.Add("Bot:Discord:MaxResumeConnectFailures must be at least 1");
        if (options.ReconnectDelay <= TimeSpan.Zero || options.MaxReconnectDelay < options.ReconnectDelay)
            failures.Add("Bot:Discord:ReconnectDelay must be positive and not above MaxReconnectDelay");
        if (options.InvalidSessionDelayMin < TimeSpan.Zero || options.InvalidSessionDelayMax < options.InvalidSessionDelayMin)
            failures.Add("Bot:Discord:InvalidSessionDelayMin/Max must be a non-negative range");
        if (options.IdentifyInterval < TimeSpan.Zero) failures.Add("Bot:Discord:IdentifyInterval must not be negative");
        if (options.HealthPort is < 0 or > 65_535) failures.Add("Bot:Discord:HealthPort must be 0 (off) or a TCP port 1–65535");
        if (options.RestProcesses < 1 || options.RestProcesses > options.GlobalRequestsPerSecond)
            failures.Add("Bot:Discord:RestProcesses must be at least 1 and not above GlobalRequestsPerSecond");
        if (options.ShardLeaseTtl <= options.ShardLeaseInterval) failures.Add("Bot:Discord:ShardLeaseTtl must be longer than ShardLeaseInterval");
        if (options.ShardCount is < 0 or > 65_536) failures.Add("Bot:Discord:ShardCount must be 0 (Discord's recommendation) or 1–65536");
        try
        {
            if (Sharding.ShardIdList.Parse(options.ShardIds) is { } ids && options.ShardCount > 0 && ids.Any(i => i >= options.ShardCount))
                failures.Add($"Bot:Discord:ShardIds '{options.ShardIds}' names a shard at or above ShardCount {options.ShardCount} (ids run 0–{options.ShardCount - 1})");
        }
        catch (FormatException e)
        {
            failures.Add($"Bot:Discord:ShardIds: {e.Message}; use ids and ranges such as \"0,1\" or \"0-3\"");
        }
        if (options.MaxRateLimitBuckets is < 100 or > 1_000_000) failures.Add("Bot:Discord:MaxRateLimitBuckets must be 100–1000000");
        if (options.MaxRateTableEntries is < 100 or > 1_000_000) failures.Add("Bot:Discord:MaxRateTableEntries must be 100–1000000");
        if (options.FeedbackRememberedAnswers is < 0 or > 1_000_000) failures.Add("Bot:Discord:FeedbackRememberedAnswers must be 0–1000000");
        if (options.MaxPendingQuestions is < 1 or > 100_000) failures.Add("Bot:Discord:MaxPendingQuestions must be 1–100000");
        if (options.UserQuestionsPerMinute < 1 || options.ChannelQuestionsPerMinute < 1)
            failures.Add("Bot:Discord:UserQuestionsPerMinute and ChannelQuestionsPerMinute must be at least 1");
        if (options.InvalidRequestSoftLimit < 1 || options.InvalidRequestHardLimit < options.InvalidRequestSoftLimit || options.InvalidRequestHardLimit >= 10_000)
            failures.Add("Bot:Discord:InvalidRequestSoftLimit must be at least 1 and not above InvalidRequestHardLimit, which must stay below Discord's 10,000");
        foreach (var (key, value) in new[] { ("FloodMute", options.FloodMute), ("InteractionTokenLifetime", options.InteractionTokenLifetime),
                     ("ForbiddenChannelCooldown", options.ForbiddenChannelCooldown), ("RateLimitBucketIdleTimeout", options.RateLimitBucketIdleTimeout),
                     ("ShardLeaseInterval", options.ShardLeaseInterval), ("SessionResumeWindow", options.SessionResumeWindow), ("ConnectTimeout", options.ConnectTimeout), ("HealthLogInterval", options.HealthLogInterval),
                     ("TypingInterval", options.TypingInterval), ("RestTimeout", options.RestTimeout), ("RestRetryDelay", options.RestRetryDelay) })
            if (value <= TimeSpan.Zero) failures.Add($"Bot:Discord:{key} must be positive");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
