using Bot.Core.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.TestSupport;

/// <summary>The real core services (SQLite index, indexer, extractive answerer) over a seeds and a data folder.</summary>
public static class CoreHost
{
    public static ServiceProvider Create(string seeds, string data, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? more = null)
    {
        var values = new Dictionary<string, string?> { ["Bot:SeedsPath"] = seeds, ["Bot:DataPath"] = data };
        if (settings is not null) foreach (var (k, v) in settings) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotCore(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
