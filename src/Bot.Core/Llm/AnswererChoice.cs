using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Llm;

/// <summary>
/// The one place that decides which answerer answers: the extractive one alone, or the <see cref="LlmAnswerer"/>
/// wrapped around it. Reads <see cref="LlmOptions.Mode"/> (appsettings, environment, and the CLI's <c>--llm</c> /
/// <c>--no-llm</c>, all bound into <c>Bot:Llm</c>) and whether a chat model is available.
/// </summary>
public static class AnswererChoice
{
    /// <summary>True when the LLM answers.</summary>
    /// <param name="options">The bound <c>Bot:Llm</c> section.</param>
    /// <param name="chatClientRegistered">True when the application registered its own <see cref="IChatClient"/>.</param>
    /// <exception cref="OptionsValidationException">Mode On with no chat model: no endpoint and no registered client.</exception>
    public static bool UsesLlm(LlmOptions options, bool chatClientRegistered)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool available = chatClientRegistered || options.IsConfigured;
        return options.Mode switch
        {
            LlmMode.Off => false,
            LlmMode.On when !available => throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions),
                [$"--llm ({LlmOptions.SectionName}:Mode=On) needs an LLM endpoint: set {LlmOptions.SectionName}:Endpoint and {LlmOptions.SectionName}:Model (environment: Bot__Llm__Endpoint, Bot__Llm__Model; see docs/llm.md)."]),
            LlmMode.On => true,
            _ => available,
        };
    }

    /// <summary>The answerer for <see cref="IAnswerer"/>: the container's registration of it (see <c>AddLlmAnswering</c>).</summary>
    public static IAnswerer Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<LlmOptions>>(); // validates Bot:Llm, naming a half-done configuration
        var extractive = services.GetRequiredService<ExtractiveAnswerer>();
        // An unkeyed IChatClient is always the application's own: the one built from Bot:Llm is keyed.
        bool registered = services.GetService<IServiceProviderIsService>()?.IsService(typeof(IChatClient)) == true;
        if (!UsesLlm(options.Value, registered)) return extractive;
        var client = registered ? services.GetRequiredService<IChatClient>() : services.GetRequiredKeyedService<IChatClient>(LlmChatClientFactory.ServiceKey);
        return new LlmAnswerer(extractive, services.GetRequiredService<QuestionValidator>(), client, options,
            services.GetRequiredService<ILogger<LlmAnswerer>>());
    }
}
