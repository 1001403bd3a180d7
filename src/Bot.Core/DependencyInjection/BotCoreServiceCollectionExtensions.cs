using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Answering.Ranking;
using Bot.Core.Configuration;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Ingesting;
using Bot.Core.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Core.DependencyInjection;

/// <summary>Registers retrieval and answering: options, the index store (SQLite or PostgreSQL), the indexer and the answerer.</summary>
public static class BotCoreServiceCollectionExtensions
{
    public static IServiceCollection AddBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, AnnotatedOptionsValidator>());
        services.AddOptions<ScoringWeights>().Bind(configuration.GetSection($"{BotOptions.SectionName}:Scoring")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoringWeights>, AnnotatedOptionsValidator>());
        services.AddIndexStore(configuration);
        services.AddOptions<IndexRefreshOptions>().Bind(configuration.GetSection(IndexRefreshOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IndexRefreshOptions>, AnnotatedOptionsValidator>());
        services.AddOptions<EmbeddingOptions>()
            .Configure(_ => EnumSetting.ThrowIfInvalid<EmbeddingProvider>(configuration, $"{EmbeddingOptions.SectionName}:Provider")) // before Bind reads it
            .Bind(configuration.GetSection(EmbeddingOptions.SectionName));
        services.AddSingleton<EmbeddingSetupProvider>();
        // Without Bot:Embeddings the bot searches BM25 alone, silently; with it, BM25 fused with passage vectors.
        // The model is waited for when a question needs its vector, not when the retriever is made.
        services.AddSingleton<IRetriever>(sp => sp.GetRequiredService<EmbeddingSetupProvider>() is { IsConfigured: true } provider
            ? new HybridRetriever(provider, sp.GetRequiredService<ILogger<HybridRetriever>>())
            : new LexicalRetriever());
        services.AddIndexEmbedding(configuration);
        services.AddSingleton<SeedIndexer>();
        services.AddSingleton<IIndexer>(sp => sp.GetRequiredService<SeedIndexer>());
        // The answering pipeline: its steps, and the models they use (the shipped files unless a caller registers others).
        // Bot:Scoring:ModelsPath: a folder of retrained model files (the trainer's --out) used instead of the shipped ones,
        // so a retrained set is evaluated without a rebuild.
        services.AddSingleton<IRankingModels>(sp => sp.GetRequiredService<IOptions<ScoringWeights>>().Value.ModelsPath is { Length: > 0 } folder
            ? RankingModelSet.FromFolder(folder)
            : ShippedRankingModels.Instance);
        services.AddSingleton(sp => new SentenceVectors(sp.GetRequiredService<EmbeddingSetupProvider>(), models: sp.GetRequiredService<IRankingModels>()));
        services.AddSingleton<QuestionValidator>();
        services.AddSingleton<CandidateGatherer>();
        services.AddSingleton<CandidateRanker>();
        services.AddSingleton<Abstainer>();
        services.AddSingleton<PassageOrderer>();
        services.AddSingleton<QuoteComposer>();
        services.AddSingleton<SpellingRetry>();
        services.AddSingleton(sp => new ExtractiveAnswerer(sp.GetRequiredService<IIndexStore>(), sp.GetRequiredService<QuestionValidator>(),
            sp.GetRequiredService<CandidateGatherer>(), sp.GetRequiredService<CandidateRanker>(), sp.GetRequiredService<Abstainer>(),
            sp.GetRequiredService<PassageOrderer>(), sp.GetRequiredService<QuoteComposer>(), sp.GetRequiredService<SpellingRetry>(),
            sp.GetRequiredService<IOptions<BotOptions>>(), sp.GetRequiredService<ILogger<ExtractiveAnswerer>>()));
        services.AddSingleton<IAnswerer>(sp => sp.GetRequiredService<ExtractiveAnswerer>());
        services.AddSingleton<ISourceCatalog, SourceCatalog>();
        // `bot add` and Discord's /add: safe fetching of web pages and PDFs into the seeds folder.
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestOptions>, AnnotatedOptionsValidator>());
        services.AddSingleton(sp => new SafeFetcher(sp.GetRequiredService<IOptions<IngestOptions>>().Value));
        services.AddSingleton(sp => new SeedAdder(sp.GetRequiredService<IOptions<BotOptions>>().Value, sp.GetRequiredService<IOptions<IngestOptions>>().Value,
            sp.GetRequiredService<SafeFetcher>()));
        services.AddFeedbackLog(configuration); // off unless Bot:Feedback:Enabled; only front ends that record use it
        return services;
    }
}
