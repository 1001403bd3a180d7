using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Cli.Hosting;

/// <summary>
/// The root command, carrying the embedding host's service hook to <see cref="CliServices.Build"/> through the parse
/// result, so no static state is needed.
/// </summary>
public sealed class BotRootCommand(string description, Action<IServiceCollection>? configureServices) : RootCommand(description)
{
    /// <summary>Applied after every other registration; null for `bot` itself.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; } = configureServices;
}
