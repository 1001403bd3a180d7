using System.CommandLine;
using Bot.Cli.Commands;
using Bot.Core.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Cli.Hosting;

/// <summary>Builds configuration (appsettings.json, environment, flags) and the services a command needs.</summary>
public static class CliServices
{
    public static IConfiguration BuildConfiguration(ParseResult parse, IDictionary<string, string?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (parse.GetValue(GlobalOptions.Seeds) is { } seeds) overrides["Bot:SeedsPath"] = seeds;
        if (parse.GetValue(GlobalOptions.Data) is { } data) overrides["Bot:DataPath"] = data;
        LlmFlags.Bind(parse, overrides); // --llm / --no-llm: Bot:Llm:Mode, read by AnswererChoice like any other setting
        if (extra is not null) foreach (var (k, v) in extra) overrides[k] = v;
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.Local.json"), optional: true)
            .AddUserSecrets(typeof(CliServices).Assembly, optional: true) // API keys: dotnet user-secrets set Bot:Llm:ApiKey … --project src/Bot.Cli
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
    }

    /// <summary>Services for the one-shot commands; logs go to standard error so standard output stays clean.</summary>
    public static ServiceProvider Build(ParseResult parse, IConfiguration configuration, Action<IServiceCollection>? more = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b =>
        {
            b.AddConfiguration(configuration.GetSection("Logging"));
            b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = null; });
            b.AddFilter((category, level) => level >= (parse.GetValue(GlobalOptions.Verbose) ? LogLevel.Debug : LogLevel.Warning));
            b.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        services.AddBotCore(configuration);
        services.AddLlmAnswering(configuration);
        more?.Invoke(services);
        (parse.RootCommandResult.Command as BotRootCommand)?.ConfigureServices?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
