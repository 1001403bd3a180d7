using System.CommandLine;

namespace Bot.Cli.Hosting;

/// <summary>Options every command accepts; they override appsettings.json and `Bot__…` environment variables.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Seeds = new("--seeds") { Description = "Folder of source articles (default: seeds)", Recursive = true };
    public static readonly Option<string?> Data = new("--data") { Description = "Folder holding the index (default: .bot)", Recursive = true };
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log details to standard error", Recursive = true };
}
