using System.Net;
using Bot.Core.Conversations;
using Bot.Discord.Bot;
using Bot.Discord.Gateway;
using Bot.Discord.Postgres;
using Bot.Discord.Rendering;
using Bot.Discord.Rest;
using Bot.Discord.Sharding;
using Bot.Discord.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord;

/// <summary>Registers the Discord bot (REST client, gateway, handlers, hosted service). Needs AddBotCore (or equivalents) too.</summary>
public static class DiscordServiceCollectionExtensions
{
    public static IServiceCollection AddDiscordBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DiscordOptions>()
            .Bind(configuration.GetSection(DiscordOptions.SectionName))
            .PostConfigure(o =>
            {
                // Why: several processes on one PostgreSQL index hand shards over by RESUME; that needs the sessions kept.
                if (UsesPostgres(configuration) && configuration["Bot:Discord:KeepSessionsOnStop"] is null) o.KeepSessionsOnStop = true;
                if (string.IsNullOrWhiteSpace(o.Token)) o.Token = configuration["DISCORD_TOKEN"];
                o.Token = o.Token?.Trim();
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.TryAddSingleton<DiscordMetrics>();
        services.AddSingleton(sp => new DiscordRestClient(
            // Why: no IHttpClientFactory logging handlers, so request URLs (interaction tokens) and headers never reach the logs.
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            },
            sp.GetRequiredService<IOptions<DiscordOptions>>(), sp.GetRequiredService<ILogger<DiscordRestClient>>(), sp.GetRequiredService<DiscordMetrics>()));
        services.AddSingleton<DiscordAnswerRenderer>();
        services.AddSingleton<DiscordWork>();
        services.AddSingleton<ChannelAnswerer>();
        services.AddSingleton<QuestionAdmission>();
        services.AddSingleton<BotOwners>();
        services.AddSingleton<AnswerFeedback>(); // the question log's reactions: idle unless Bot:Feedback:Enabled (AddBotCore registers the log)
        services.AddSingleton<MessageHandler>();
        services.AddSingleton<SlashCommandHandler>();
        services.AddSingleton<DiscordBot>();
        services.AddSingleton<IGatewayDispatchHandler>(sp => sp.GetRequiredService<DiscordBot>());
        if (UsesPostgres(configuration))
        {
            services.TryAddSingleton(_ => new DiscordPostgres(configuration["Bot:Index:ConnectionString"] ?? ""));
            services.TryAddSingleton<IShardCoordinator, PostgresShardCoordinator>();
            services.TryAddSingleton<IGatewaySessionStore, PostgresGatewaySessionStore>();
            services.TryAddSingleton<IIdentifyTurns, PostgresIdentifyTurns>();
            services.TryAddSingleton<IQuestionRates, PostgresQuestionRates>();
            services.TryAddSingleton<IAnsweredEvents, PostgresAnsweredEvents>();
            services.TryAddSingleton<ISessionStarts, PostgresSessionStarts>();
            services.AddHostedService<PostgresRestBudget>(); // divides the REST budget by the live processes when RestProcesses is lower
        }
        if (string.Equals(configuration["Bot:Conversations:Provider"], "postgres", StringComparison.OrdinalIgnoreCase))
        {
            services.TryAddSingleton(_ => new DiscordPostgres(configuration["Bot:Index:ConnectionString"] ?? ""));
            services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.SectionName));
            // Why Replace: AddLlmAnswering may have added the in-memory store already.
            services.Replace(ServiceDescriptor.Singleton<IConversationStore, PostgresConversationStore>());
        }
        services.TryAddSingleton<IAnsweredEvents, LocalAnsweredEvents>();
        services.TryAddSingleton<IShardCoordinator, StaticShardCoordinator>();
        services.TryAddSingleton<IGatewaySessionStore, FileGatewaySessionStore>();
        services.AddSingleton<ShardedGateway>();
        services.AddSingleton<DiscordBotStatus>();
        services.AddHostedService<TelemetryExport>(); // before the bot: started first, stopped last (spans of draining answers are exported)
        services.AddHostedService<DiscordBotService>();
        services.AddHostedService<HealthEndpoint>();
        return services;
    }

    /// <summary>True with <c>Bot:Index:Provider=postgres</c>: the processes of the bot share leases, sessions and answered ids there.</summary>
    public static bool UsesPostgres(IConfiguration configuration) =>
        string.Equals(configuration?["Bot:Index:Provider"], "postgres", StringComparison.OrdinalIgnoreCase);
}
