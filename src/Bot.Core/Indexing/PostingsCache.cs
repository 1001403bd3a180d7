using System.Collections.Concurrent;

namespace Bot.Core.Indexing;

/// <summary>
/// Decoded postings, term row counts and the candidate paragraphs' sentences shared by a store's readers across questions, valid for one index stamp: the
/// generation every data write bumps inside its own transaction (<c>meta.generation</c>, see
/// <see cref="SqliteCommands.BumpGenerationAsync"/>) and the postings totals, read in the reader's snapshot. A reader whose
/// snapshot has another stamp gets a generation of its own; the newest one seen is kept. Readers of a stamp see exactly
/// the rows they would have read themselves, so answers do not change; a term's postings are read from the file once per
/// index generation instead of once per question (at 100k passages a question's terms cost ~3 ms of block reads).
/// </summary>
internal sealed class PostingsCache
{
    /// <summary>Postings kept per generation at most (~32 bytes each); past it, terms are read per reader as before.</summary>
    internal const int MaxPostings = 2_000_000;

    /// <summary>Candidate paragraphs' sentence rows kept per generation at most; past it, read per reader as before.</summary>
    internal const int MaxSentences = 50_000;

    private Generation? _current;

    /// <summary>The shared generation for <paramref name="stamp"/>; a fresh one replaces an older stamp's.</summary>
    public Generation For(string stamp)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.Stamp == stamp) return current;
        var fresh = new Generation(stamp);
        // A reader on an older snapshot than the cached one also replaces it; the next reader of the newer one puts it back.
        Interlocked.CompareExchange(ref _current, fresh, current);
        return Volatile.Read(ref _current) is { } now && now.Stamp == stamp ? now : fresh;
    }

    /// <summary>One index stamp's postings (by kind and stem), term row counts and paragraphs' sentence rows.</summary>
    internal sealed class Generation(string stamp)
    {
        private readonly ConcurrentDictionary<(int Kind, string Stem), Posting[]> _postings = new();
        private readonly ConcurrentDictionary<(int Kind, string Stem), long> _counts = new();
        private long _held;

        public string Stamp { get; } = stamp;

        public bool TryGetPostings(int kind, string stem, out Posting[] postings) => _postings.TryGetValue((kind, stem), out postings!);

        public void AddPostings(int kind, string stem, Posting[] postings)
        {
            _counts[(kind, stem)] = postings.Length;
            if (Interlocked.Add(ref _held, postings.Length) > MaxPostings) return;
            _postings.TryAdd((kind, stem), postings);
        }

        public bool TryGetCount(int kind, string stem, out long rows) => _counts.TryGetValue((kind, stem), out rows);

        private readonly ConcurrentDictionary<(long Document, int Paragraph), SentenceRow[]> _paragraphs = new();
        private long _sentences;

        public bool TryGetParagraph(long document, int paragraph, out SentenceRow[] sentences) =>
            _paragraphs.TryGetValue((document, paragraph), out sentences!);

        public void AddParagraph(long document, int paragraph, SentenceRow[] sentences)
        {
            if (Interlocked.Add(ref _sentences, sentences.Length) > MaxSentences) return;
            _paragraphs.TryAdd((document, paragraph), sentences);
        }

        public void AddCount(int kind, string stem, long rows) => _counts[(kind, stem)] = rows;
    }
}
