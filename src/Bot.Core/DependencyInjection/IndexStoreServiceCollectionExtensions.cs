using Bot.Core.Configuration;
using Bot.Core.Indexing;
using Bot.Core.Indexing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.DependencyInjection;

/// <summary>Registers the index store named by <c>Bot:Index:Provider</c> and the writer lock that goes with it.</summary>
public static class IndexStoreServiceCollectionExtensions
{
    public static IServiceCollection AddIndexStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IndexOptions>()
            .Configure(_ => EnumSetting.ThrowIfInvalid<IndexProvider>(configuration, $"{IndexOptions.SectionName}:Provider")) // before Bind reads it
            .Bind(configuration.GetSection(IndexOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IndexOptions>, IndexOptionsValidator>();
        // Crash-safety tests replace this with fault points that stop the process; production never does.
        services.TryAddSingleton<IIndexFaultPoints>(NoIndexFaultPoints.Instance);
        // Resolving IOptions<IndexOptions>.Value validates: a bad provider or connection string fails before any work.
        services.AddSingleton<IIndexStore>(sp => sp.GetRequiredService<IOptions<IndexOptions>>().Value.Provider switch
        {
            IndexProvider.Postgres => sp.GetRequiredService<PostgresIndexStore>(),
            _ => new SqliteIndexStore(sp.GetRequiredService<IOptions<BotOptions>>().Value.IndexFilePath, sp.GetRequiredService<ILogger<SqliteIndexStore>>(),
                sp.GetRequiredService<IIndexFaultPoints>()),
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IndexOptions>>().Value;
            var store = new PostgresIndexStore(options.ConnectionString!, sp.GetRequiredService<ILogger<PostgresIndexStore>>(),
                sp.GetRequiredService<IIndexFaultPoints>());
            Log.IndexStore(sp.GetRequiredService<ILogger<PostgresIndexStore>>(), store.Description);
            return store;
        });
        services.AddSingleton<IIndexWriteLock>(sp => sp.GetRequiredService<IOptions<IndexOptions>>().Value.Provider switch
        {
            IndexProvider.Postgres => new PostgresAdvisoryLock(sp.GetRequiredService<PostgresIndexStore>()),
            _ => new FileIndexWriteLock(sp.GetRequiredService<IOptions<BotOptions>>().Value.DataPath),
        });
        return services;
    }
}
