using System.ComponentModel.DataAnnotations;
using Bot.Core.Configuration;

namespace Bot.Core.Indexing;

/// <summary>
/// The part of <c>Bot:Index</c> about refreshing before an answer: `ask`, `chat`, `sources` and `discord` bring the
/// index's text up to date within this budget and then answer from the index as it is (vectors are made later, by the
/// watcher or `bot index`).
/// </summary>
public sealed class IndexRefreshOptions
{
    public const string SectionName = IndexOptions.SectionName;

    /// <summary>
    /// Seconds the text refresh before an answer may take; files it does not reach are indexed by the next run. 0 answers
    /// at once without refreshing (except an empty index, whose text is always built first).
    /// </summary>
    [Range(0, 3_600)]
    public int AskRefreshSeconds { get; set; } = 3;
}
