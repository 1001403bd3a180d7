namespace Bot.Discord.Bot;

/// <summary>
/// Ids seen recently, bounded: Discord may deliver an event twice (resume replays, at-least-once delivery), and each
/// message or interaction must be answered once.
/// </summary>
internal sealed class RecentIds(int capacity)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>True the first time an id is seen.</summary>
    public bool TryAdd(string id)
    {
        lock (_lock)
        {
            if (!_seen.Add(id)) return false;
            _order.Enqueue(id);
            if (_order.Count > capacity) _seen.Remove(_order.Dequeue());
            return true;
        }
    }
}
