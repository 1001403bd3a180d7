namespace Bot.Discord.Tests.Telemetry;

/// <summary>
/// Tests that read exact counts from /metrics run alone: a meter listener sees every instrument of its meter name in the
/// process, so a bot of a parallel test would add its questions to the counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics (exact counts, run alone)";
}
