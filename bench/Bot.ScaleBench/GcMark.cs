namespace Bot.ScaleBench;

/// <summary>The runtime's garbage-collection counters at one moment; the difference of two is what happened between.</summary>
internal readonly record struct GcMark(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated)
{
    public static GcMark Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
        GC.GetTotalAllocatedBytes(precise: false));

    public static GcMark operator -(GcMark a, GcMark b) =>
        new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Pause - b.Pause, a.Allocated - b.Allocated);
}
