using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Discord.Bot;
using Bot.Discord.Sharding;
using Bot.Discord.Tests.Fake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Tests.TestSupport;

/// <summary>
/// The bot under the Generic Host against a <see cref="FakeDiscord"/>, with short back-offs so fault tests stay fast.
/// Answering, sources and indexing are fakes unless a test registers the real core.
/// </summary>
public sealed class BotHarness : IAsyncDisposable
{
    private BotHarness(FakeDiscord fake, IHost host, RecordingLoggerProvider logs)
    {
        Fake = fake;
        Host = host;
        Logs = logs;
    }

    public FakeDiscord Fake { get; }

    public IHost Host { get; }

    public RecordingLoggerProvider Logs { get; }

    public ShardedGateway Gateway => Host.Services.GetRequiredService<ShardedGateway>();

    public DiscordBot Bot => Host.Services.GetRequiredService<DiscordBot>();

    public DiscordBotStatus Status => Host.Services.GetRequiredService<DiscordBotStatus>();

    public FakeAnswerer? Answerer => Host.Services.GetService<IAnswerer>() as FakeAnswerer;

    public static Dictionary<string, string?> Settings(FakeDiscord fake) => new()
    {
        ["Bot:Discord:Token"] = fake.Token,
        ["Bot:Discord:ApiBaseUrl"] = fake.ApiBase,
        ["Bot:Discord:ReconnectDelay"] = "00:00:00.050",
        ["Bot:Discord:MaxReconnectDelay"] = "00:00:00.400",
        ["Bot:Discord:InvalidSessionDelayMin"] = "00:00:00",
        ["Bot:Discord:InvalidSessionDelayMax"] = "00:00:00.100",
        ["Bot:Discord:ConnectTimeout"] = "00:00:05",
        ["Bot:Discord:RestRetryDelay"] = "00:00:00.050",
        ["Bot:Discord:ShutdownGrace"] = "00:00:03",
        // Tests send many questions as one user; the abuse limits are tested where a test sets them.
        ["Bot:Discord:UserQuestionsPerMinute"] = "100000",
        ["Bot:Discord:ChannelQuestionsPerMinute"] = "100000",
        ["Bot:Discord:MaxPendingQuestions"] = "100000",
    };

    public static async Task<BotHarness> StartAsync(FakeDiscord fake, Action<IServiceCollection, IConfiguration>? services = null,
        IDictionary<string, string?>? settings = null, bool waitForReady = true)
    {
        ArgumentNullException.ThrowIfNull(fake);
        var values = Settings(fake);
        if (settings is not null) foreach (var (k, v) in settings) values[k] = v;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        var logs = new RecordingLoggerProvider();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        services?.Invoke(builder.Services, builder.Configuration);
        builder.Services.TryAddSingleton<IAnswerer, FakeAnswerer>();
        builder.Services.TryAddSingleton<ISourceCatalog, FakeSourceCatalog>();
        builder.Services.TryAddSingleton<IIndexer, FakeIndexer>();
        builder.Services.AddDiscordBot(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        var harness = new BotHarness(fake, host, logs);
        if (waitForReady)
        {
            try
            {
                await fake.WaitUntilAsync(() => harness.Gateway.IsReady && harness.Bot.BotUserId != 0, what: "READY");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} (gateway attempts {fake.GatewayAttempts.Count}, identifies {fake.IdentifyLog.Count}, shards {harness.Gateway.Shards.Count})" +
                                           Environment.NewLine + string.Join(Environment.NewLine, logs.Lines.TakeLast(40).Select(l => l.Text)), e);
            }
        }
        return harness;
    }

    /// <summary>Bot messages posted to a channel (by POST /channels/{id}/messages).</summary>
    public IReadOnlyList<RestCall> Posts(ulong channelId) =>
        [.. Fake.Calls("POST", "/channels/{channel_id}/messages").Where(c => c.Major == channelId.ToString(CultureInfo.InvariantCulture) && c.Status == 200)];

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await Host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        Host.Dispose();
    }
}
