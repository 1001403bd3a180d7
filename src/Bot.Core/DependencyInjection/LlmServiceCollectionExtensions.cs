using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Configuration;
using Bot.Core.Conversations;
using Bot.Core.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.DependencyInjection;

/// <summary>Registers LLM answering (Semantic Kernel over an <see cref="IChatClient"/>) and the conversation store; call after <see cref="BotCoreServiceCollectionExtensions.AddBotCore"/>.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Bot:Llm</c> and <c>Bot:Conversations</c>, adds the in-memory <see cref="IConversationStore"/>,
    /// and makes <see cref="IAnswerer"/> whatever <see cref="AnswererChoice"/> decides: the <see cref="LlmAnswerer"/>
    /// around the <see cref="ExtractiveAnswerer"/> when a chat model is available (<c>Bot:Llm:Endpoint</c>, or an
    /// <see cref="IChatClient"/> the application registers, before or after this call) and <c>Bot:Llm:Mode</c> allows,
    /// else the extractive answerer. <see cref="IStreamingAnswerer"/> is the same object when it streams, else absent.
    /// </summary>
    public static IServiceCollection AddLlmAnswering(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LlmOptions>()
            .Configure(_ => EnumSetting.ThrowIfInvalid<LlmMode>(configuration, $"{LlmOptions.SectionName}:{nameof(LlmOptions.Mode)}")) // before Bind reads it
            .Bind(configuration.GetSection(LlmOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConversationOptions>, AnnotatedOptionsValidator>());
        services.TryAddSingleton<IConversationStore, InMemoryConversationStore>();

        // Keyed, so that an unkeyed IChatClient always means the application's own; built only when used.
        services.TryAddKeyedSingleton<IChatClient>(LlmChatClientFactory.ServiceKey, (sp, _) =>
            LlmChatClientFactory.Create(sp.GetRequiredService<IOptions<LlmOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        // Replaces AddBotCore's extractive registration: the choice is made here, once, when IAnswerer is first resolved.
        services.Replace(ServiceDescriptor.Singleton<IAnswerer>(AnswererChoice.Create));
        services.Replace(ServiceDescriptor.Singleton<IStreamingAnswerer>(sp => (sp.GetRequiredService<IAnswerer>() as IStreamingAnswerer)!));
        return services;
    }
}
