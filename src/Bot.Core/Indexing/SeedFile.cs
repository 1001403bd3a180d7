namespace Bot.Core.Indexing;

/// <summary>A seed file to index: where to read it, how it is cited, and its size and modification time.</summary>
/// <param name="FullPath">The path to read (a link's own path; reading follows it).</param>
/// <param name="Relative">Path relative to the seeds folder, '/' separated: how the document is cited.</param>
/// <param name="Stamp">Size and mtime of the file read (a link's target, not the link).</param>
internal readonly record struct SeedFile(string FullPath, string Relative, FileStamp Stamp)
{
    /// <summary>For a link, the real path of the file it leads to (part of the listing's fingerprint); null otherwise.</summary>
    public string? Target { get; init; }
}
