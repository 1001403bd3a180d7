using System.CommandLine;
using Bot.Core;
using Bot.Core.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Cli.Commands;

/// <summary>`--llm` / `--no-llm` on `ask` and `chat`: override whether the configured LLM answers.</summary>
public static class LlmFlags
{
    public static readonly Option<bool> Llm = new("--llm") { Description = "Answer through the configured LLM (Bot:Llm:*), quotes verified against the sources" };
    public static readonly Option<bool> NoLlm = new("--no-llm") { Description = "Answer extractively even when an LLM is configured" };

    /// <summary>Adds both flags to <paramref name="command"/> and rejects using them together.</summary>
    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Llm);
        command.Options.Add(NoLlm);
        command.Validators.Add(r =>
        {
            if (r.GetValue(Llm) && r.GetValue(NoLlm)) r.AddError("--llm and --no-llm cannot be used together.");
        });
    }

    /// <summary>null = as configured; true/false from the flags.</summary>
    /// <exception cref="OptionsValidationException">--llm without an LLM configured.</exception>
    public static bool? Resolve(ParseResult parse, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(parse);
        _ = services.GetRequiredService<IOptions<LlmOptions>>().Value; // validates Bot:Llm now (a half-done configuration is named)
        if (parse.GetValue(NoLlm)) return false;
        if (!parse.GetValue(Llm)) return null;
        if (!LlmServiceCollectionExtensions.IsLlmConfigured(services.GetRequiredService<IConfiguration>()))
        {
            throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions),
                ["--llm needs an LLM endpoint: set Bot:Llm:Endpoint and Bot:Llm:Model (environment: Bot__Llm__Endpoint, Bot__Llm__Model; see docs/llm.md)."]);
        }
        return true;
    }
}
