using Bot.Core.Indexing;
using Bot.FaultHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

// The real `bot` command line with one difference: when BOT_FAULT_PAUSE_AT names a fault point, the index stores
// block there, so a crash test can SIGKILL the process at an exact place. The switch lives here, not in `bot`.
var pauseAt = PauseAt.Parse(Environment.GetEnvironmentVariable(PauseAt.Variable));
return await Bot.Cli.Program.RunAsync(args, services =>
{
    if (pauseAt is null) return;
    services.Replace(ServiceDescriptor.Singleton<IIndexFaultPoints>(sp =>
        new PausingFaultPoints(pauseAt, sp.GetRequiredService<ILogger<PausingFaultPoints>>())));
}, CancellationToken.None);
