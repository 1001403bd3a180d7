namespace Bot.ScaleBench;

/// <summary>One system's figures on one corpus (what a child process writes back).</summary>
internal sealed record SystemResult(
    string System, int Documents, int Passages, int Sentences, double IndexSeconds, long IndexBytes,
    double AskP50Ms, double AskP95Ms, double QuoteAt1, int Answerable, double PeakMiB, string? Note = null)
{
    /// <summary>CPU seconds the indexing used (on a shared machine wall time mostly measures the others' load).</summary>
    public double IndexCpuSeconds { get; init; }

    /// <summary>Mean CPU milliseconds per question.</summary>
    public double AskCpuMs { get; init; }
}
