using System.Globalization;
using Bot.Core.Indexing;
using Bot.FaultHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

// The real `bot` command line with test-only differences, each switched on by an environment variable: when
// BOT_FAULT_PAUSE_AT names a fault point, the index stores block there, so a crash test can SIGKILL the process at an
// exact place; BOT_FAULT_FAIL_AT makes a store write fail with a SQLite error (disk full, read-only); BOT_FAULT_SLOW_EMBED_MS
// replaces the embedding step with a slow fake. The switches live here, not in `bot`.
var pauseAt = PauseAt.Parse(Environment.GetEnvironmentVariable(PauseAt.Variable));
var failAt = FailAt.Parse(Environment.GetEnvironmentVariable(FailAt.Variable));
var slowEmbed = Environment.GetEnvironmentVariable(SlowEmbeddingStep.Variable) is { Length: > 0 } ms
    ? TimeSpan.FromMilliseconds(int.Parse(ms, NumberStyles.None, CultureInfo.InvariantCulture))
    : (TimeSpan?)null;
return await Bot.Cli.Program.RunAsync(args, services =>
{
    if (pauseAt is not null)
        services.Replace(ServiceDescriptor.Singleton<IIndexFaultPoints>(sp =>
            new PausingFaultPoints(pauseAt, sp.GetRequiredService<ILogger<PausingFaultPoints>>())));
    else if (failAt is not null)
        services.Replace(ServiceDescriptor.Singleton<IIndexFaultPoints>(new FailingFaultPoints(failAt)));
    if (slowEmbed is { } delay)
        services.Replace(ServiceDescriptor.Singleton<IIndexEmbeddingStep>(sp =>
            new SlowEmbeddingStep(delay, sp.GetRequiredService<ILogger<SlowEmbeddingStep>>())));
}, CancellationToken.None);
