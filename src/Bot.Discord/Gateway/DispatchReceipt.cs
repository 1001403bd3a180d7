namespace Bot.Discord.Gateway;

/// <summary>
/// A dispatched event's hold on its shard's checkpoint (<see cref="ShardCheckpoint"/>): the sequence saved for the next
/// process never passes an event while a hold on it remains. The gateway reader holds every event while the handler
/// runs and releases it after; a handler that takes the event up as background work calls <see cref="Hold"/> first and
/// <see cref="Release"/> once the event is done (answered, refused, ignored, or failed for good). Work a stop cancels is
/// never released: its event stays after the checkpoint, so the process that resumes the session is sent it again.
/// </summary>
public sealed class DispatchReceipt
{
    private readonly ShardCheckpoint _checkpoint;
    private readonly int _generation, _sequence;
    private int _holds = 1;

    // Why the fields rather than a callback: one is made per dispatched event, and a closure and its delegate would be two
    // more allocations each.
    internal DispatchReceipt(ShardCheckpoint checkpoint, int generation, int sequence) =>
        (_checkpoint, _generation, _sequence) = (checkpoint, generation, sequence);

    /// <summary>One more hold, released by one more <see cref="Release"/>.</summary>
    public DispatchReceipt Hold()
    {
        Interlocked.Increment(ref _holds);
        return this;
    }

    /// <summary>Releases one hold; the last one lets the checkpoint pass the event.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _holds) == 0) _checkpoint.Done(_generation, _sequence);
    }
}
