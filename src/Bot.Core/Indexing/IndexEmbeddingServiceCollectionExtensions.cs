using Bot.Core.Configuration;
using Bot.Core.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Indexing;

/// <summary>Registers the indexer's embedding step, only when Bot:Embeddings names a provider.</summary>
public static class IndexEmbeddingServiceCollectionExtensions
{
    public static IServiceCollection AddIndexEmbedding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(EmbeddingOptions.SectionName).Get<EmbeddingOptions>() ?? new EmbeddingOptions();
        if (options.Provider == EmbeddingProvider.None) return services; // lexical only: no vectors, no cost
        // Shares an EmbeddingSetup registered elsewhere (the retriever's); otherwise makes one from the same section.
        services.TryAddSingleton(sp => EmbeddingGeneratorFactory.Create(options, sp.GetRequiredService<IOptions<BotOptions>>().Value.DataPath,
            sp.GetRequiredService<ILoggerFactory>())!);
        services.TryAddSingleton<IIndexEmbeddingStep>(sp => new EmbeddingIndexStep(sp.GetRequiredService<EmbeddingSetup>()));
        return services;
    }
}
