using System.Diagnostics;

namespace Bot.Discord.Rest;

/// <summary>Ids marked for a while (e.g. channels that answered 403), bounded: expired entries are dropped, and past
/// <c>capacity</c> the oldest mark goes.</summary>
internal sealed class ExpiringIds(TimeSpan lifetime, int capacity = 10_000)
{
    private readonly Dictionary<ulong, long> _until = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock) return _until.Count;
        }
    }

    public void Mark(ulong id)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (_until.Count >= capacity)
            {
                foreach (var (key, until) in _until.ToList())
                    if (until <= now) _until.Remove(key);
                if (_until.Count >= capacity) _until.Remove(_until.MinBy(kv => kv.Value).Key);
            }
            _until[id] = now + (long)(lifetime.TotalSeconds * Stopwatch.Frequency);
        }
    }

    public bool Contains(ulong id)
    {
        lock (_lock)
        {
            if (!_until.TryGetValue(id, out var until)) return false;
            if (until > Stopwatch.GetTimestamp()) return true;
            _until.Remove(id);
            return false;
        }
    }
}
