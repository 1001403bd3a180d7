using System.Net;
using Bot.Discord.Bot;
using Bot.Discord.Gateway;
using Bot.Discord.Rendering;
using Bot.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
                if (string.IsNullOrWhiteSpace(o.Token)) o.Token = configuration["DISCORD_TOKEN"];
                o.Token = o.Token?.Trim();
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();
        services.AddSingleton(sp => new DiscordRestClient(
            // Why: no IHttpClientFactory logging handlers, so request URLs (interaction tokens) and headers never reach the logs.
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            },
            sp.GetRequiredService<IOptions<DiscordOptions>>(), sp.GetRequiredService<ILogger<DiscordRestClient>>()));
        services.AddSingleton<DiscordAnswerRenderer>();
        services.AddSingleton<DiscordWork>();
        services.AddSingleton<ChannelAnswerer>();
        services.AddSingleton<AnswerFeedback>(); // the question log's reactions: idle unless Bot:Feedback:Enabled (AddBotCore registers the log)
        services.AddSingleton<MessageHandler>();
        services.AddSingleton<SlashCommandHandler>();
        services.AddSingleton<DiscordBot>();
        services.AddSingleton<IGatewayDispatchHandler>(sp => sp.GetRequiredService<DiscordBot>());
        services.AddSingleton<GatewayClient>();
        services.AddSingleton<DiscordBotStatus>();
        services.AddHostedService<DiscordBotService>();
        return services;
    }
}
