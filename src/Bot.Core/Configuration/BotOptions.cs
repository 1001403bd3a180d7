using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Configuration;

/// <summary>The `Bot` configuration section (appsettings.json, `Bot__…` environment variables, CLI flags).</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>Folder of source articles (.txt, .md, .html).</summary>
    [Required]
    public string SeedsPath { get; set; } = "seeds";

    /// <summary>Folder holding the index (index.db) and caches.</summary>
    [Required]
    public string DataPath { get; set; } = ".bot";

    /// <summary>Longest question accepted, in characters.</summary>
    [Range(16, 100_000)]
    public int MaxQuestionLength { get; set; } = 2000;

    /// <summary>Largest seed file read, in bytes; bigger files are reported and skipped.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Passage size budget in tokens (o200k_base).</summary>
    [Range(16, 4096)]
    public int PassageTokens { get; set; } = 160;

    /// <summary>Sentences repeated between consecutive passages of one paragraph.</summary>
    [Range(0, 8)]
    public int OverlapSentences { get; set; } = 1;

    /// <summary>
    /// Documents the indexer stores in one transaction (also cut at 8 MiB of text): one transaction per document made
    /// the store flush its full-text segments per document. A killed run keeps the batches committed before it.
    /// </summary>
    [Range(1, 100_000)]
    public int IndexBatchDocuments { get; set; } = 256;

    /// <summary>Passages retrieved before sentence selection.</summary>
    [Range(1, 200)]
    public int RetrievePassages { get; set; } = 24;

    /// <summary>
    /// A question that finds no answer is tried again with the words no sentence holds replaced by the corpus word one
    /// edit away ("Talibn" → "Taliban"); the answer says so in its note.
    /// </summary>
    public bool CorrectSpelling { get; set; } = true;

    /// <summary>Most quotes in one answer.</summary>
    [Range(1, 10)]
    public int MaxQuotes { get; set; } = 3;

    /// <summary>`Bot:Seeds:*`: which entries of the seeds folder are read (links out of it are not, by default).</summary>
    public SeedFolderOptions Seeds { get; set; } = new();

    public string IndexFilePath => Path.Combine(DataPath, "index.db");
}
