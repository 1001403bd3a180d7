using System.Runtime.CompilerServices;
using Bot.Core.Documents;
using Bot.Core.Text;

namespace Bot.Core.Chunking;

/// <summary>
/// Splits a document into sentences and into passages of at most <c>passageTokens</c> tokens aligned to sentence
/// boundaries, never crossing a paragraph, with <c>overlapSentences</c> repeated between neighbours. A sentence over the
/// budget is cut into clauses that fit (<see cref="LongSentenceSplitter"/>), so no unit is unbounded.
/// </summary>
public sealed class Chunker(int passageTokens, int overlapSentences)
{
    // The indexer's hot loops (chunking, token counting, sentence splitting, the postings, the row inserts) are compiled
    // optimized on their first call: in tier 0 and then instrumented they ran for seconds of a 100k index's CPU.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ChunkedDocument Chunk(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = document.Text;
        var sentences = new List<SentenceChunk>();
        var passages = new List<PassageChunk>();
        var counts = new List<int>();
        foreach (var p in document.Paragraphs)
        {
            int firstOrdinal = sentences.Count;
            counts.Clear();
            foreach (var sentence in SentenceSplitter.Split(text, p.Start, p.End))
            {
                int count = TokenCounter.Count(text.AsSpan(sentence.Start, sentence.Length));
                if (count <= passageTokens)
                {
                    AddSentence(p.Number, sentence, count);
                    continue;
                }
                foreach (var span in LongSentenceSplitter.Split(text, sentence, passageTokens))
                    AddSentence(p.Number, span, TokenCounter.Count(text.AsSpan(span.Start, span.Length)));
            }
            int lastOrdinal = sentences.Count - 1;
            if (lastOrdinal < firstOrdinal) continue;

            int from = firstOrdinal;
            while (from <= lastOrdinal)
            {
                int to = from, budget = counts[from - firstOrdinal];
                while (to + 1 <= lastOrdinal && budget + counts[to + 1 - firstOrdinal] <= passageTokens)
                {
                    to++;
                    budget += counts[to - firstOrdinal];
                }
                int start = sentences[from].Start, end = sentences[to].End;
                passages.Add(new PassageChunk(text, passages.Count, p.Number, start, end, budget, from, to, ContentHash.Of(text.AsSpan(start, end - start))));
                if (to == lastOrdinal) break;
                from = Math.Max(from + 1, to + 1 - overlapSentences);
            }
        }
        return new ChunkedDocument(document, sentences, passages);

        void AddSentence(int paragraph, TextSpan span, int count)
        {
            // Spans of the document's text, not strings of their own (SentenceChunk.Text makes one when asked).
            sentences.Add(new SentenceChunk(text, paragraph, sentences.Count, span.Start, span.End, ContentHash.Of(text.AsSpan(span.Start, span.Length))));
            counts.Add(count);
        }
    }
}
