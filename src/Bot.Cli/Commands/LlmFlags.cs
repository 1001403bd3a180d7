using System.CommandLine;
using Bot.Core.Llm;

namespace Bot.Cli.Commands;

/// <summary>
/// `--llm` / `--no-llm` on `ask` and `chat`: set <c>Bot:Llm:Mode</c> (On / Off) for this run. They are bound once, into
/// the configuration (<see cref="Hosting.CliServices.BuildConfiguration"/>), and <see cref="AnswererChoice"/> decides.
/// </summary>
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

    /// <summary>The configuration the flags given stand for: <c>Bot:Llm:Mode</c> = On or Off; nothing when neither is given.</summary>
    public static void Bind(ParseResult parse, IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(settings);
        // GetResult: commands without the flags (index, eval, discord) have no value to read.
        if (parse.GetResult(NoLlm) is not null && parse.GetValue(NoLlm)) settings[$"{LlmOptions.SectionName}:{nameof(LlmOptions.Mode)}"] = nameof(LlmMode.Off);
        else if (parse.GetResult(Llm) is not null && parse.GetValue(Llm)) settings[$"{LlmOptions.SectionName}:{nameof(LlmOptions.Mode)}"] = nameof(LlmMode.On);
    }
}
