using Bot.Core.Answering;
using Bot.Core.Conversations;
using Bot.Core.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Core;

/// <summary>Registers LLM answering (Semantic Kernel) and the conversation store; call after <see cref="BotCoreServiceCollectionExtensions.AddBotCore"/>.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Bot:Llm</c> and <c>Bot:Conversations</c>, adds the in-memory <see cref="IConversationStore"/>,
    /// and — when <c>Bot:Llm:Endpoint</c> is set — makes <see cref="IAnswerer"/> and <see cref="IStreamingAnswerer"/> the
    /// <see cref="LlmAnswerer"/> (which falls back to the <see cref="ExtractiveAnswerer"/>).
    /// </summary>
    public static IServiceCollection AddLlmAnswering(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IConversationStore, InMemoryConversationStore>();

        var llm = new LlmOptions();
        configuration.GetSection(LlmOptions.SectionName).Bind(llm);
        if (llm.IsConfigured)
        {
            services.TryAddSingleton<LlmAnswerer>();
            services.Replace(ServiceDescriptor.Singleton<IAnswerer>(sp => sp.GetRequiredService<LlmAnswerer>()));
            services.Replace(ServiceDescriptor.Singleton<IStreamingAnswerer>(sp => sp.GetRequiredService<LlmAnswerer>()));
        }
        return services;
    }

    /// <summary>True when <c>Bot:Llm:Endpoint</c> is set in <paramref name="configuration"/>.</summary>
    public static bool IsLlmConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[$"{LlmOptions.SectionName}:Endpoint"]);
    }
}
