using System.Globalization;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace Bot.Core.Llm;

/// <summary>
/// The Semantic Kernel prompt functions the LLM answerer uses, loaded at run time from a prompts folder
/// (one sub-folder per function holding skprompt.txt and config.json), so prompts can be tuned without a rebuild.
/// </summary>
public sealed class PromptLibrary
{
    public const string AnswerName = "Answer";
    public const string CondenseName = "Condense";

    public PromptLibrary(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = folder;
        Answer = Load(folder, AnswerName);
        Condense = Load(folder, CondenseName);
    }

    public string Folder { get; }

    public PromptFunction Answer { get; }

    public PromptFunction Condense { get; }

    /// <summary>
    /// The prompts folder: <paramref name="configured"/> if given, else prompts/ next to the executable, else in the
    /// working folder or one of its parents (running from a source checkout). Null when none holds both functions.
    /// </summary>
    public static string? FindFolder(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return HasFunctions(configured) ? Path.GetFullPath(configured) : null;
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "prompts") };
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "prompts"));
        return candidates.FirstOrDefault(HasFunctions);
    }

    private static bool HasFunctions(string folder) =>
        new[] { AnswerName, CondenseName }.All(f => File.Exists(Path.Combine(folder, f, "skprompt.txt")) && File.Exists(Path.Combine(folder, f, "config.json")));

    private static PromptFunction Load(string folder, string name)
    {
        var dir = Path.Combine(folder, name);
        var config = PromptTemplateConfig.FromJson(File.ReadAllText(Path.Combine(dir, "config.json")));
        config.Template = File.ReadAllText(Path.Combine(dir, "skprompt.txt"));
        if (string.IsNullOrWhiteSpace(config.Name)) config.Name = name;
        // Variables stay HTML-encoded by SK (AllowDangerouslySetContent is false): passage text can never open a new
        // <message role="system"> — it is data inside the user message, whatever it says.
        var function = KernelFunctionFactory.CreateFromPrompt(config, new KernelPromptTemplateFactory());
        return new PromptFunction(name, function, config.Template, MaxTokens(config));
    }

    private static int MaxTokens(PromptTemplateConfig config)
    {
        if (config.DefaultExecutionSettings?.ExtensionData is { } data && data.TryGetValue("max_tokens", out var value))
        {
            var text = value is JsonElement e ? e.ToString() : Convert.ToString(value, CultureInfo.InvariantCulture);
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
        }
        return 800;
    }
}
