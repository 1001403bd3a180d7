using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Bot.Core.Chunking;
using Microsoft.Data.Sqlite;
using static Bot.Core.Indexing.SqliteCommands;

namespace Bot.Core.Indexing;

/// <summary>
/// Writes chunked documents (the document, its passages and sentences, and their postings, collected in
/// the caller's <see cref="PostingsBatch"/>) inside the caller's
/// transaction, with each statement prepared once for all of them. The caller has removed what was stored at the path.
/// Passage and sentence ids are given here (one past the largest stored, read once under the write lock), so each row is
/// one plain insert rather than an insert returning its id: half the statement round trips of a row.
/// </summary>
internal sealed class SqliteDocumentWriter(SqliteConnection c, SqliteTransaction tx, PostingsBatch postings) : IDisposable
{
    // Bound by position through SQLite's API (SqliteRowStatement), not by name: ~450k rows at 100k passages.
    private readonly SqliteRowStatement _existing = new(c, "SELECT id FROM documents WHERE path=?1");
    private readonly SqliteRowStatement _aliases = new(c, "DELETE FROM aliases WHERE path=?1");
    private readonly SqliteRowStatement _document = new(c, """
        INSERT INTO documents(path, title, url, metadata, content_hash, size, modified_ticks, paragraphs, indexed_at, text, genre)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id
        """);
    private readonly SqliteRowStatement _passage = new(c, """
        INSERT INTO passages(id, document_id, ordinal, paragraph, start, "end", first_sentence, last_sentence, tokens, hash, text)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        """);
    private readonly SqliteRowStatement _sentence = new(c, """
        INSERT INTO sentences(id, document_id, ordinal, paragraph, start, "end", hash, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        """);
    private long _nextPassage = NextId(c, tx, "passages"), _nextSentence = NextId(c, tx, "sentences");

    private static long NextId(SqliteConnection c, SqliteTransaction tx, string table)
    {
        using var cmd = Command(c, tx, $"SELECT coalesce(max(id), 0) + 1 FROM {table}");
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>The id of the document stored at <paramref name="path"/>, if any.</summary>
    public long? ExistingId(string path)
    {
        _existing.Bind(1, path);
        return _existing.ExecuteInt64();
    }

    /// <summary>Synchronous on purpose: SQLite works synchronously anyway, and a Task per row is most of a row's cost.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(ChunkedDocument document, FileStamp stamp)
    {
        var doc = document.Document;
        _aliases.Bind(1, doc.Path);
        _aliases.Execute();
        _document.Bind(1, doc.Path); _document.Bind(2, doc.Title); _document.Bind(3, doc.Url);
        _document.Bind(4, JsonSerializer.Serialize(doc.Metadata)); _document.Bind(5, doc.ContentHash); _document.Bind(6, stamp.Size);
        _document.Bind(7, stamp.ModifiedTicks); _document.Bind(8, doc.Paragraphs.Count);
        _document.Bind(9, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)); _document.Bind(10, doc.Text);
        _document.Bind(11, (long)Documents.GenreDetector.Detect(doc.Text));
        long id = _document.ExecuteInt64() ?? throw new InvalidOperationException("the document insert returned no id");
        postings.BeginDocument(doc.Title, doc.Text);

        foreach (var p in document.Passages)
        {
            long passageId = _nextPassage++;
            _passage.Bind(1, passageId); _passage.Bind(2, id); _passage.Bind(3, p.Ordinal); _passage.Bind(4, p.Paragraph); _passage.Bind(5, p.Start);
            _passage.Bind(6, p.End); _passage.Bind(7, p.FirstSentence); _passage.Bind(8, p.LastSentence); _passage.Bind(9, p.Tokens);
            _passage.Bind(10, p.Hash); _passage.Bind(11, p.Span);
            _passage.Execute();
            postings.AddPassage(passageId, id, doc.Title, p.Span, p.Start, p.End);
        }
        foreach (var s in document.Sentences)
        {
            long sentenceId = _nextSentence++;
            _sentence.Bind(1, sentenceId); _sentence.Bind(2, id); _sentence.Bind(3, s.Ordinal); _sentence.Bind(4, s.Paragraph); _sentence.Bind(5, s.Start);
            _sentence.Bind(6, s.End); _sentence.Bind(7, s.Hash); _sentence.Bind(8, s.Span);
            _sentence.Execute();
            postings.AddSentence(sentenceId, id, s.Span, s.Start, s.End);
        }
    }

    public void Dispose()
    {
        _existing.Dispose();
        _aliases.Dispose();
        _document.Dispose();
        _passage.Dispose();
        _sentence.Dispose();
    }
}
