namespace Bot.ScaleBench;

/// <summary>One system's figures on one corpus (what a child process writes back).</summary>
internal sealed record SystemResult(
    string System, int Documents, int Passages, int Sentences, double IndexSeconds, long IndexBytes,
    double AskP50Ms, double AskP95Ms, double QuoteAt1, int Answerable, double PeakMiB, string? Note = null);
