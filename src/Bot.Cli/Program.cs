using System.CommandLine;
using Bot.Cli;
using Bot.Cli.Commands;
using Bot.Cli.Hosting;

var root = new RootCommand("bot: answers questions with verbatim, cited quotes from the articles in seeds/")
{
    AskCommand.Create(),
    ChatCommand.Create(),
    IndexCommand.Create(),
    SourcesCommand.Create(),
    ModelCommand.Create(),
    DiscordCommand.Create(),
    EvalCommand.Create(),
};
root.Options.Add(GlobalOptions.Seeds);
root.Options.Add(GlobalOptions.Data);
root.Options.Add(GlobalOptions.Verbose);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'bot --help' for usage.");
    return ExitCodes.UsageError;
}
return await parse.InvokeAsync();
