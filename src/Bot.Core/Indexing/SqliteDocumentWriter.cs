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
internal sealed class SqliteDocumentWriter : IDisposable
{
    private readonly SqliteCommand _aliases, _document, _passage, _sentence;
    private readonly SqliteParameter[] _a, _d, _p, _s;
    private readonly PostingsBatch _postings;
    private long _nextPassage, _nextSentence;

    public SqliteDocumentWriter(SqliteConnection c, SqliteTransaction tx, PostingsBatch postings)
    {
        _postings = postings;
        _aliases = Command(c, tx, "DELETE FROM aliases WHERE path=$p");
        _a = Params(_aliases, "$p");
        _document = Command(c, tx, """
            INSERT INTO documents(path, title, url, metadata, content_hash, size, modified_ticks, paragraphs, indexed_at, text)
            VALUES ($path, $title, $url, $meta, $hash, $size, $mtime, $paras, $at, $text) RETURNING id
            """);
        _d = Params(_document, "$path", "$title", "$url", "$meta", "$hash", "$size", "$mtime", "$paras", "$at", "$text");
        _passage = Command(c, tx, """
            INSERT INTO passages(id, document_id, ordinal, paragraph, start, "end", first_sentence, last_sentence, tokens, hash, text)
            VALUES ($id, $d, $o, $p, $s, $e, $fs, $ls, $t, $h, $x)
            """);
        _p = Params(_passage, "$id", "$d", "$o", "$p", "$s", "$e", "$fs", "$ls", "$t", "$h", "$x");
        _sentence = Command(c, tx, """
            INSERT INTO sentences(id, document_id, ordinal, paragraph, start, "end", hash, text) VALUES ($id, $d, $o, $p, $s, $e, $h, $x)
            """);
        _s = Params(_sentence, "$id", "$d", "$o", "$p", "$s", "$e", "$h", "$x");
        _nextPassage = NextId(c, tx, "passages");
        _nextSentence = NextId(c, tx, "sentences");
    }

    private static long NextId(SqliteConnection c, SqliteTransaction tx, string table)
    {
        using var cmd = Command(c, tx, $"SELECT coalesce(max(id), 0) + 1 FROM {table}");
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Synchronous on purpose: SQLite works synchronously anyway, and a Task per row is most of a row's cost.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(ChunkedDocument document, FileStamp stamp)
    {
        var doc = document.Document;
        _a[0].Value = doc.Path;
        _aliases.ExecuteNonQuery();
        _d[0].Value = doc.Path; _d[1].Value = doc.Title; _d[2].Value = (object?)doc.Url ?? DBNull.Value;
        _d[3].Value = JsonSerializer.Serialize(doc.Metadata); _d[4].Value = doc.ContentHash; _d[5].Value = stamp.Size;
        _d[6].Value = stamp.ModifiedTicks; _d[7].Value = doc.Paragraphs.Count;
        _d[8].Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture); _d[9].Value = doc.Text;
        var id = (long)_document.ExecuteScalar()!;
        _postings.BeginDocument(doc.Title, doc.Text);

        foreach (var p in document.Passages)
        {
            long passageId = _nextPassage++;
            _p[0].Value = passageId; _p[1].Value = id; _p[2].Value = p.Ordinal; _p[3].Value = p.Paragraph; _p[4].Value = p.Start; _p[5].Value = p.End;
            _p[6].Value = p.FirstSentence; _p[7].Value = p.LastSentence; _p[8].Value = p.Tokens; _p[9].Value = p.Hash; _p[10].Value = p.Text;
            _passage.ExecuteNonQuery();
            _postings.AddPassage(passageId, id, doc.Title, p.Text, p.Start, p.End);
        }
        foreach (var s in document.Sentences)
        {
            long sentenceId = _nextSentence++;
            _s[0].Value = sentenceId; _s[1].Value = id; _s[2].Value = s.Ordinal; _s[3].Value = s.Paragraph; _s[4].Value = s.Start; _s[5].Value = s.End;
            _s[6].Value = s.Hash; _s[7].Value = s.Text;
            _sentence.ExecuteNonQuery();
            _postings.AddSentence(sentenceId, id, s.Text, s.Start, s.End);
        }
    }

    public void Dispose()
    {
        foreach (var cmd in new[] { _aliases, _document, _passage, _sentence }) cmd.Dispose();
    }
}
