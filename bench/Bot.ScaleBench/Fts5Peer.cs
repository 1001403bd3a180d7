using System.Diagnostics;
using System.Text;
using Bot.Core.Evaluation;
using Microsoft.Data.Sqlite;

namespace Bot.ScaleBench;

/// <summary>
/// Peer 1: plain BM25 over sentences in SQLite FTS5 (porter unicode61, default bm25), every question word quoted and
/// OR-ed, top 10; its first sentence is its quote. Its own database, written in one transaction.
/// </summary>
internal static class Fts5Peer
{
    public static SystemResult Run(string seeds, string data, IReadOnlyList<EvalQuestion> questions)
    {
        Directory.CreateDirectory(data);
        var db = Path.Combine(data, "fts5.db");
        var sw = Stopwatch.StartNew();
        double cpu = Timings.CpuSeconds();
        int sentences = 0;
        using (var c = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            c.Open();
            Exec(c, "PRAGMA journal_mode=WAL; CREATE VIRTUAL TABLE s USING fts5(path UNINDEXED, text, tokenize = 'porter unicode61 remove_diacritics 2');");
            using var tx = c.BeginTransaction();
            using var ins = c.CreateCommand();
            ins.Transaction = tx;
            ins.CommandText = "INSERT INTO s(path, text) VALUES ($p, $t)";
            var p = ins.Parameters.Add(new SqliteParameter("$p", ""));
            var t = ins.Parameters.Add(new SqliteParameter("$t", ""));
            foreach (var (path, text) in PeerSentences.Read(seeds))
            {
                p.Value = path; t.Value = text;
                ins.ExecuteNonQuery();
                sentences++;
            }
            tx.Commit();
            Exec(c, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
        double indexSeconds = sw.Elapsed.TotalSeconds, indexCpu = Timings.CpuSeconds() - cpu;

        var times = new List<double>();
        int correct = 0, answerable = 0;
        using (var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false"))
        {
            c.Open();
            using var q = c.CreateCommand();
            q.CommandText = "SELECT text FROM s WHERE s MATCH $q ORDER BY bm25(s) LIMIT 10";
            var m = q.Parameters.Add(new SqliteParameter("$q", ""));
            for (int i = -1; i < questions.Count; i++)
            {
                var question = questions[Math.Max(i, 0)]; // i = -1: one warm-up question, not counted
                if (i == 0) cpu = Timings.CpuSeconds();
                var watch = Stopwatch.StartNew();
                var match = Match(PeerSentences.Words(question.Question));
                var first = new List<string>();
                if (match is not null)
                {
                    m.Value = match;
                    using var r = q.ExecuteReader();
                    while (r.Read()) first.Add(r.GetString(0));
                }
                watch.Stop();
                if (i < 0) continue;
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (!question.Answerable) continue;
                answerable++;
                if (first.Count > 0 && GoldAnswers.ContainsAny(first[0], question.Answers)) correct++;
            }
        }
        double askCpu = (Timings.CpuSeconds() - cpu) * 1000 / Math.Max(1, questions.Count);
        return new SystemResult("fts5 sentences", 0, 0, sentences, indexSeconds, Timings.FolderBytes(data),
            Timings.Percentile(times, 50), Timings.Percentile(times, 95), (double)correct / Math.Max(1, answerable), answerable, Timings.PeakMiB())
        { IndexCpuSeconds = indexCpu, AskCpuMs = askCpu };
    }

    private static string? Match(List<string> words)
    {
        var sb = new StringBuilder();
        foreach (var w in words)
        {
            if (sb.Length > 0) sb.Append(" OR ");
            sb.Append('"').Append(w.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
