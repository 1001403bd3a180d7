using System.CommandLine;
using Bot.Cli.Rendering;
using Bot.Core.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>`bot feedback purge`: deletes every logged question and rating (the salt stays, so nothing else changes).</summary>
public static class FeedbackCommand
{
    public static Command Create()
    {
        var purge = new Command("purge", "Delete every logged question and rating now");
        purge.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            var n = await services.GetRequiredService<IFeedbackStore>().PurgeAllAsync(ct).ConfigureAwait(false);
            Consoles.Out.MarkupLine($"Deleted {n} logged question(s) and their ratings.");
            return ExitCodes.Answered;
        }));
        return new Command("feedback", "Manage the question log (Bot:Feedback)") { purge };
    }
}
