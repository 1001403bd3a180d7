using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Watching;

/// <summary>The <c>Bot:Watch</c> section: how long-running front ends (chat, Discord) follow changes to the seeds folder.</summary>
public sealed class WatchOptions
{
    public const string SectionName = "Bot:Watch";

    /// <summary>Watch the seeds folder and re-index in the background (chat: off with --no-watch).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Use file-system events; false polls with the rescan only (network folders that deliver no events).</summary>
    public bool FileEvents { get; set; } = true;

    /// <summary>Quiet time after the last file event before re-indexing (a burst of saves becomes one run).</summary>
    [Range(10, 60_000)]
    public int DebounceMilliseconds { get; set; } = 400;

    /// <summary>A changed file must keep the same size and mtime this long before it is read (it may still be being written).</summary>
    [Range(0, 60_000)]
    public int SettleMilliseconds { get; set; } = 700;

    /// <summary>Longest wait for a file that keeps changing; then it is indexed as it is (and again when it changes).</summary>
    [Range(1, 3_600)]
    public int MaxSettleSeconds { get; set; } = 30;

    /// <summary>Full rescan period, a safety net for missed events and network folders; 0 turns it off.</summary>
    [Range(0, 86_400)]
    public int RescanSeconds { get; set; } = 60;

    /// <summary>
    /// Longest stretch the watcher embeds before it lets other work in (new files' text, an on-demand re-index): vectors
    /// are made in slices of this many seconds, so one huge file cannot hold up the rest.
    /// </summary>
    [Range(1, 3_600)]
    public int EmbedSliceSeconds { get; set; } = 10;

    /// <summary>How long an on-demand re-index waits for another process that is indexing.</summary>
    [Range(0, 3_600)]
    public int LockWaitSeconds { get; set; } = 30;
}
