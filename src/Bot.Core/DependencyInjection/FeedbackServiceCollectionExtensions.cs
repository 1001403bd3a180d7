using Bot.Core.Configuration;
using Bot.Core.Embeddings;
using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.DependencyInjection;

/// <summary>Registers the question log (<c>Bot:Feedback</c>), its store beside the index, and the report (called by <see cref="BotCoreServiceCollectionExtensions.AddBotCore"/>).</summary>
public static class FeedbackServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="FeedbackOptions"/> (validated at start-up), the <see cref="IFeedbackStore"/> of the index provider
    /// (the SQLite index file, or the schema <c>bot_feedback</c> in PostgreSQL), <see cref="AskerHasher"/> (salt in the
    /// data folder), <see cref="QuestionLog"/> and <see cref="FeedbackReporter"/>. A long-running host adds
    /// <see cref="FeedbackRetentionService"/> for the daily purge (`bot discord` does).
    /// Nothing is written until a front end records a question with logging enabled.
    /// </summary>
    public static IServiceCollection AddFeedbackLog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FeedbackOptions>().Bind(configuration.GetSection(FeedbackOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeedbackOptions>, AnnotatedOptionsValidator>());
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.SectionName));
        services.AddOptions<IndexOptions>().Bind(configuration.GetSection(IndexOptions.SectionName));
        services.TryAddSingleton(sp => new AskerHasher(sp.GetRequiredService<IOptions<BotOptions>>().Value.DataPath));
        services.TryAddSingleton<IFeedbackStore>(sp => sp.GetRequiredService<IOptions<IndexOptions>>().Value is { Provider: IndexProvider.Postgres } index
            ? new PostgresFeedbackStore(index.ConnectionString!)
            : new SqliteFeedbackStore(sp.GetRequiredService<IOptions<BotOptions>>().Value.IndexFilePath));
        services.TryAddSingleton(sp => new QuestionLog(sp.GetRequiredService<IFeedbackStore>(), sp.GetRequiredService<AskerHasher>(),
            sp.GetRequiredService<IOptions<FeedbackOptions>>(), sp.GetRequiredService<ILogger<QuestionLog>>()));
        services.TryAddSingleton(sp => new FeedbackReporter(sp.GetRequiredService<IFeedbackStore>(), sp.GetRequiredService<IIndexStore>(),
            sp.GetRequiredService<QuestionLog>(), sp.GetRequiredService<IOptions<FeedbackOptions>>(), sp.GetService<EmbeddingSetupProvider>()));
        return services;
    }
}
