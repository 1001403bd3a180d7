using Bot.Core.Watching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Core.DependencyInjection;

/// <summary>Registers background re-indexing (after <see cref="BotCoreServiceCollectionExtensions.AddBotCore"/>).</summary>
public static class SeedWatchingServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="SeedWatcher"/> as a hosted service (started by a generic host, e.g. `bot discord`) and as
    /// <see cref="IReindexer"/> (events, re-index now); options from <c>Bot:Watch</c>, validated at start-up.
    /// </summary>
    public static IServiceCollection AddSeedWatching(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WatchOptions>().Bind(configuration.GetSection(WatchOptions.SectionName)).ValidateOnStart();
        return AddServices(services);
    }

    /// <summary>As above, binding <c>Bot:Watch</c> from the <see cref="IConfiguration"/> registered in the container.</summary>
    public static IServiceCollection AddSeedWatching(this IServiceCollection services)
    {
        services.AddOptions<WatchOptions>().BindConfiguration(WatchOptions.SectionName).ValidateOnStart();
        return AddServices(services);
    }

    private static IServiceCollection AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WatchOptions>, AnnotatedOptionsValidator>());
        services.TryAddSingleton<SeedWatcher>();
        services.TryAddSingleton<IReindexer>(sp => sp.GetRequiredService<SeedWatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<SeedWatcher>());
        return services;
    }
}
