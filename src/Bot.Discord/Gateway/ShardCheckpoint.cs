namespace Bot.Discord.Gateway;

/// <summary>
/// A shard's checkpoint: the highest sequence number up to which every event received in the session is done. It is
/// what is saved for another process to RESUME from (a takeover after a crash, a deploy), so Discord sends that process
/// every event not yet done — one being answered when the process died included — while the live connection keeps
/// resuming from the last sequence received. A new session (IDENTIFY) starts it afresh; holds on the old session's
/// events no longer count.
/// </summary>
internal sealed class ShardCheckpoint
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, int> _pending = [];
    private int _received = -1;
    private int _generation;

    /// <summary>The checkpoint (null before the session's first event).</summary>
    public int? Value
    {
        get
        {
            lock (_lock)
            {
                if (_pending.Count > 0) return _pending.First().Key - 1;
                return _received >= 0 ? _received : null;
            }
        }
    }

    /// <summary>Events received and not yet done.</summary>
    public int Pending
    {
        get
        {
            lock (_lock) return _pending.Values.Sum();
        }
    }

    /// <summary>A session starts (null: a new one, identified) or is restored at <paramref name="sequence"/>.</summary>
    public void Reset(int? sequence)
    {
        lock (_lock)
        {
            _generation++;
            _pending.Clear();
            _received = sequence ?? -1;
        }
    }

    /// <summary>An event with sequence number <paramref name="sequence"/> arrived: held until its receipt is released.</summary>
    public DispatchReceipt Receive(int sequence)
    {
        int generation;
        lock (_lock)
        {
            generation = _generation;
            _received = Math.Max(_received, sequence);
            _pending[sequence] = _pending.GetValueOrDefault(sequence) + 1;
        }
        return new DispatchReceipt(this, generation, sequence);
    }

    /// <summary>The last hold on the event is released (called by its <see cref="DispatchReceipt"/>).</summary>
    internal void Done(int generation, int sequence)
    {
        lock (_lock)
        {
            if (generation != _generation || !_pending.TryGetValue(sequence, out var count)) return;
            if (count > 1) _pending[sequence] = count - 1;
            else _pending.Remove(sequence);
        }
    }
}
