namespace Bot.Core.Indexing;

/// <summary>The production <see cref="IIndexFaultPoints"/>: every point passes.</summary>
public sealed class NoIndexFaultPoints : IIndexFaultPoints
{
    public static NoIndexFaultPoints Instance { get; } = new();

    private NoIndexFaultPoints()
    {
    }

    public void Reached(IndexFaultPoint point)
    {
    }
}
