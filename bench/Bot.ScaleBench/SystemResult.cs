namespace Bot.ScaleBench;

/// <summary>One system's figures on one corpus (what a child process writes back).</summary>
internal sealed record SystemResult(
    string System, int Documents, int Passages, int Sentences, double IndexSeconds, long IndexBytes,
    double AskP50Ms, double AskP95Ms, double QuoteAt1, int Answerable, double PeakMiB, string? Note = null)
{
    /// <summary>CPU seconds the indexing used (on a shared machine wall time mostly measures the others' load).</summary>
    public double IndexCpuSeconds { get; init; }

    /// <summary>Garbage collections during the indexing, by generation ("gen0/gen1/gen2"; the bot only).</summary>
    public string? IndexGcCounts { get; init; }

    /// <summary>Seconds the runtime paused threads for garbage collection during the indexing (the bot only).</summary>
    public double IndexGcPauseSeconds { get; init; }

    /// <summary>MiB allocated on the managed heap, every thread, during the indexing (the bot only).</summary>
    public double IndexAllocatedMiB { get; init; }

    /// <summary>Mean CPU milliseconds per question.</summary>
    public double AskCpuMs { get; init; }
}
