using System.Diagnostics;
using Bot.Core.Evaluation;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Bot.ScaleBench;

/// <summary>
/// Peer 2: Lucene.NET 4.8 BM25 over sentences (EnglishAnalyzer: standard tokenizer, stop words, Porter stems), the
/// question's analysed words as SHOULD clauses, top 10; its first sentence is its quote.
/// </summary>
internal static class LucenePeer
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static SystemResult Run(string seeds, string data, IReadOnlyList<EvalQuestion> questions)
    {
        var folder = Path.Combine(data, "lucene");
        var sw = Stopwatch.StartNew();
        double cpu = Timings.CpuSeconds();
        int sentences = 0;
        using var analyzer = new EnglishAnalyzer(Version);
        using (var dir = FSDirectory.Open(folder))
        using (var writer = new IndexWriter(dir, new IndexWriterConfig(Version, analyzer)
        { OpenMode = OpenMode.CREATE, Similarity = new BM25Similarity(), RAMBufferSizeMB = 64 }))
        {
            foreach (var (path, text) in PeerSentences.Read(seeds))
            {
                writer.AddDocument([new StringField("path", path, Field.Store.YES), new TextField("text", text, Field.Store.YES)]);
                sentences++;
            }
            writer.Commit();
        }
        double indexSeconds = sw.Elapsed.TotalSeconds, indexCpu = Timings.CpuSeconds() - cpu;

        var times = new List<double>();
        int correct = 0, answerable = 0;
        using (var dir = FSDirectory.Open(folder))
        using (var reader = DirectoryReader.Open(dir))
        {
            var searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
            for (int i = -1; i < questions.Count; i++)
            {
                var question = questions[Math.Max(i, 0)]; // i = -1: one warm-up question, not counted
                if (i == 0) cpu = Timings.CpuSeconds();
                var watch = Stopwatch.StartNew();
                var query = new BooleanQuery();
                foreach (var term in Analyze(analyzer, question.Question).Distinct(StringComparer.Ordinal))
                    query.Add(new TermQuery(new Term("text", term)), Occur.SHOULD);
                var top = searcher.Search(query, 10);
                string? first = top.ScoreDocs.Length > 0 ? searcher.Doc(top.ScoreDocs[0].Doc).Get("text") : null;
                watch.Stop();
                if (i < 0) continue;
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (!question.Answerable) continue;
                answerable++;
                if (first is not null && GoldAnswers.ContainsAny(first, question.Answers)) correct++;
            }
        }
        double askCpu = (Timings.CpuSeconds() - cpu) * 1000 / Math.Max(1, questions.Count);
        return new SystemResult("lucene sentences", 0, 0, sentences, indexSeconds, Timings.FolderBytes(folder),
            Timings.Percentile(times, 50), Timings.Percentile(times, 95), (double)correct / Math.Max(1, answerable), answerable, Timings.PeakMiB())
        { IndexCpuSeconds = indexCpu, AskCpuMs = askCpu };
    }

    private static List<string> Analyze(EnglishAnalyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}
