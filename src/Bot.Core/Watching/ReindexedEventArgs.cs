using Bot.Core.Indexing;

namespace Bot.Core.Watching;

/// <summary>One finished re-index: its <see cref="Report"/>, or the <see cref="Error"/> that stopped it.</summary>
public sealed class ReindexedEventArgs(ReindexTrigger trigger, IndexReport? report, Exception? error) : EventArgs
{
    public ReindexTrigger Trigger { get; } = trigger;

    public IndexReport? Report { get; } = report;

    public Exception? Error { get; } = error;
}
