namespace Bot.ScaleBench;

internal static class Timings
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        // Nearest rank.
        int rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static long FolderBytes(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    /// <summary>CPU time this process has used so far, in seconds.</summary>
    public static double CpuSeconds()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    public static double PeakMiB()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return Math.Round(process.PeakWorkingSet64 / 1048576.0, 0);
    }
}
