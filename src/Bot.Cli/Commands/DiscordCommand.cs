using System.CommandLine;
using Bot.Cli.Hosting;
using Bot.Core.DependencyInjection;
using Bot.Core.Feedback;
using Bot.Discord;
using Bot.Discord.Bot;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Bot.Cli.Commands;

/// <summary>
/// `bot discord`: runs the Discord bot under the Generic Host until SIGINT/SIGTERM (closing the gateway with 1000).
/// Exit code 2 when the configuration is invalid (e.g. no token), 3 when Discord refuses the bot (4004, 4014 …).
/// </summary>
public static class DiscordCommand
{
    public static Command Create()
    {
        var command = new Command("discord", "Run the Discord bot (token from DISCORD_TOKEN or Bot:Discord:Token); see docs/discord.md");
        // The bot's services live in a Generic Host, built once: the runner supplies only configuration and error handling.
        command.SetAction((parse, ct) => CommandRunner.RunWithConfigurationAsync(parse, async configuration =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                DisableDefaults = true,
                ContentRootPath = Directory.GetCurrentDirectory(),
            });
            builder.Configuration.AddConfiguration(configuration);
            builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
            builder.Logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(parse.GetValue(GlobalOptions.Verbose) ? LogLevel.Debug : LogLevel.Information);
            builder.Services.AddBotCore(configuration);
            builder.Services.AddLlmAnswering(configuration); // LLM answers when Bot:Llm is set; per-channel conversations
            builder.Services.AddSeedWatching(configuration); // re-indexes seeds/ in the background (Bot:Watch)
            builder.Services.AddDiscordBot(configuration);
            builder.Services.AddHostedService<FeedbackRetentionService>(); // the question log's daily purge (Bot:Feedback:RetentionDays)
            // As for the one-shot commands' provider (CliServices.Build): a registration that cannot be built fails at start.
            builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true }));
            using var host = builder.Build();

            // Why: a missing token should fail at once with a clear message, before any indexing work.
            _ = host.Services.GetRequiredService<IOptions<DiscordOptions>>().Value;
            await CommandRunner.EnsureIndexAsync(host.Services, ct).ConfigureAwait(false);
            await host.StartAsync(ct).ConfigureAwait(false);
            await host.WaitForShutdownAsync(ct).ConfigureAwait(false); // SIGINT/SIGTERM, or a fatal gateway close
            var status = host.Services.GetRequiredService<DiscordBotStatus>();
            return status.FatalError is { } error ? CommandRunner.Fail(error, ExitCodes.Failure) : ExitCodes.Answered;
        }));
        return command;
    }
}
