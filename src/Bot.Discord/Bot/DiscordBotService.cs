using System.Globalization;
using Bot.Discord.Gateway;
using Bot.Discord.Rest;
using Bot.Discord.Sharding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// Runs the gateway under the Generic Host, logs a health line (heartbeat ACK latency) periodically, and on a fatal
/// gateway close records why and stops the application. Stopping lets the answers in progress finish (up to
/// <see cref="DiscordOptions.ShutdownGrace"/>), takes up no new question, then closes the gateway (1000, or a resumable
/// code with the sessions saved when they are kept).
/// </summary>
public sealed class DiscordBotService(
    ShardedGateway gateway,
    DiscordRestClient rest,
    DiscordBot bot,
    QuestionAdmission admission,
    ChannelAnswerer answers,
    DiscordBotStatus status,
    IHostApplicationLifetime lifetime,
    IOptions<DiscordOptions> options,
    ILogger<DiscordBotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.BotStarting(logger, options.Value.ApiBaseUrl);
        // Why: answering may block pool threads (SQLite, CPU); spare threads keep heartbeats and the gateway reader on
        // time instead of waiting for the pool's slow thread injection (a late heartbeat looks like a zombie).
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, options.Value.MaxConcurrentAnswers * 2 + 16), io);
        using var health = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var healthLoop = HealthLoopAsync(health.Token);
        using var gatewayStop = new CancellationTokenSource();
        try
        {
            if (options.Value.KeepSessionsOnStop) await bot.LearnIdentityAsync(rest, stoppingToken).ConfigureAwait(false);
            var run = gateway.RunAsync(gatewayStop.Token);
            await Task.WhenAny(run, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
            if (!run.IsCompleted)
            {
                // A planned stop: the shards stay connected while the answers taken up finish, and questions arriving
                // meanwhile are left for the next process; then each shard closes and saves its session at its checkpoint,
                // which passes every event answered here and none left or cut off by the grace.
                bot.StopTakingUp();
                await bot.DrainAsync(options.Value.ShutdownGrace, CancellationToken.None).ConfigureAwait(false);
                await gatewayStop.CancelAsync().ConfigureAwait(false);
            }
            await run.ConfigureAwait(false);
        }
        catch (GatewayFatalException e)
        {
            status.FatalCloseCode = e.CloseCode;
            status.FatalError = e.Message;
            Log.BotStopped(logger, e.Message);
            lifetime.StopApplication();
        }
        finally
        {
            await health.CancelAsync().ConfigureAwait(false);
            await healthLoop.ConfigureAwait(false);
            await bot.DrainAsync(options.Value.ShutdownGrace, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task HealthLoopAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.HealthLogInterval, ct).ConfigureAwait(false);
                var shards = gateway.Shards;
                Log.Health(logger,
                    gateway.IsReady ? "ready" : "not ready",
                    gateway.Latency is { } l ? l.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) : "n/a",
                    shards.Count(s => s.IsReady), shards.Count, gateway.ShardCount,
                    gateway.Connections, gateway.Resumes, bot.Answered,
                    Math.Max(0, admission.Pending - answers.Active), answers.Active, admission.Limited, admission.Busy, rest.RecentInvalidRequests);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
