using System.Text.RegularExpressions;
using Bot.Core.DependencyInjection;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Tests.Llm;

/// <summary>The real core plus LLM answering over a seeds folder, pointed at a fake endpoint, with short time-outs for tests.</summary>
internal static partial class LlmHost
{
    public const string RussiaDelisted = "In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.";
    public const string RussiaBlacklisted = "In 2003, Russia blacklisted the Taliban as terrorists, citing links to rebels in the North Caucasus.";

    public static async Task<ServiceProvider> CreateAsync(string seeds, string data, string? endpoint, IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null,
        Action<IServiceCollection>? more = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Bot:SeedsPath"] = seeds,
            ["Bot:DataPath"] = data,
            ["Bot:Llm:Endpoint"] = endpoint,
            ["Bot:Llm:Model"] = endpoint is null ? null : "fake-model",
            ["Bot:Llm:PromptsPath"] = endpoint is null ? null : Path.Combine(RepoPaths.Root, "prompts"),
            ["Bot:Llm:TimeBudgetSeconds"] = "10",
            ["Bot:Llm:RequestTimeoutSeconds"] = "5",
            ["Bot:Llm:MaxRetries"] = "1",
            ["Bot:Llm:MaxRetryDelaySeconds"] = "0.2",
        };
        if (settings is not null) foreach (var (k, v) in settings) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null) b.AddProvider(logs);
        });
        services.AddBotCore(configuration);
        services.AddLlmAnswering(configuration);
        more?.Invoke(services); // after AddLlmAnswering on purpose: what an application registers later still counts
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
        return provider;
    }

    /// <summary>The number of the passage (in the Answer prompt the fake received) that contains <paramref name="text"/>; 0 if none.</summary>
    public static int PassageWith(ChatCall call, string text)
    {
        foreach (Match m in PassagePattern().Matches(call.User))
        {
            if (m.Groups[2].Value.Contains(text, StringComparison.Ordinal)) return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return 0;
    }

    /// <summary>How many passages the Answer prompt carried.</summary>
    public static int PassageCount(ChatCall call) => PassagePattern().Matches(call.User).Count;

    [GeneratedRegex("<passage n=\"(\\d+)\"[^>]*>\\n(.*?)\\n</passage>", RegexOptions.Singleline)]
    private static partial Regex PassagePattern();
}
