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

    /// <summary>CPU seconds of this process's threads grouped by their name (/proc/self/task/*/stat); empty off Linux.</summary>
    public static List<(string Name, int Threads, double Seconds)> CpuByThreadName()
    {
        if (!Directory.Exists("/proc/self/task")) return [];
        var rows = new List<(string Name, double Seconds)>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                // utime and stime are fields 14 and 15 of stat (11 and 12 after the name), in clock ticks of 1/100 s.
                rows.Add((stat[(open + 1)..close], (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0));
            }
            catch (IOException) { } // the thread ended meanwhile
        }
        return rows.GroupBy(r => r.Name).Select(g => (g.Key, g.Count(), g.Sum(r => r.Seconds))).ToList();
    }

    public static double PeakMiB()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return Math.Round(process.PeakWorkingSet64 / 1048576.0, 0);
    }
}
