using Bot.Core.Indexing;

namespace Bot.Core.Tests.Indexing;

/// <summary>Records every fault point the store reaches and throws the <c>count</c>-th time it reaches <c>failAt</c>.</summary>
public sealed class FailingFaultPoints(IndexFaultPoint failAt, int count) : IIndexFaultPoints
{
    public const string Message = "injected fault";

    private readonly List<IndexFaultPoint> _reached = [];

    public IReadOnlyList<IndexFaultPoint> Reached
    {
        get { lock (_reached) return [.. _reached]; }
    }

    void IIndexFaultPoints.Reached(IndexFaultPoint point)
    {
        lock (_reached)
        {
            _reached.Add(point);
            if (point == failAt && _reached.Count(p => p == failAt) == count) throw new InvalidOperationException(Message);
        }
    }
}
