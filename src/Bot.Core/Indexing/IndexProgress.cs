namespace Bot.Core.Indexing;

/// <summary>
/// Progress of an indexing run. In the <see cref="IndexPhase.Text"/> phase <paramref name="Done"/> of
/// <paramref name="Total"/> files, <paramref name="CurrentPath"/> the file being read; in the
/// <see cref="IndexPhase.Embedding"/> phase texts (passages plus sentences) embedded of those pending, and
/// <paramref name="CurrentPath"/> the file(s) whose new text is being embedded (null when the pending text is older).
/// </summary>
public sealed record IndexProgress(int Done, int Total, string? CurrentPath)
{
    public IndexPhase Phase { get; init; } = IndexPhase.Text;

    public int PassagesDone { get; init; }

    public int PassagesTotal { get; init; }

    public int SentencesDone { get; init; }

    public int SentencesTotal { get; init; }

    /// <summary>Texts embedded per second so far in this phase; null before the first batch.</summary>
    public double? TextsPerSecond { get; init; }

    /// <summary>Estimated time to embed the rest at <see cref="TextsPerSecond"/>; null before the first batch.</summary>
    public TimeSpan? TimeLeft { get; init; }
}
