using Bot.Core.Configuration;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.DependencyInjection;

/// <summary>Registers the indexer's embedding step, only when Bot:Embeddings names a provider.</summary>
public static class IndexEmbeddingServiceCollectionExtensions
{
    public static IServiceCollection AddIndexEmbedding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        EnumSetting.ThrowIfInvalid<EmbeddingProvider>(configuration, $"{EmbeddingOptions.SectionName}:Provider");
        var options = configuration.GetSection(EmbeddingOptions.SectionName).Get<EmbeddingOptions>() ?? new EmbeddingOptions();
        if (options.Provider == EmbeddingProvider.None) return services; // lexical only: no vectors, no cost
        // One EmbeddingSetup per process, shared with the retriever (EmbeddingSetupProvider), so the model loads once.
        services.TryAddSingleton<EmbeddingSetupProvider>();
        // Lazy: the model loads when something needs embedding, not when the indexer is made.
        services.TryAddSingleton<IIndexEmbeddingStep>(sp => new EmbeddingIndexStep(sp.GetRequiredService<EmbeddingSetupProvider>()));
        return services;
    }
}
