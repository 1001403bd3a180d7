using System.Text;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

public sealed class ConcurrentReadTests : SeedsFolderTest
{
    private const int Documents = 80;
    private const int Paragraphs = 5;
    private static readonly string[] Editions = ["amber", "cobalt", "crimson", "violet"];

    /// <summary>Every sentence of one version of a document names the same edition word, so a mix is visible.</summary>
    private void WriteAll(int edition)
    {
        for (int d = 0; d < Documents; d++)
        {
            var sb = new StringBuilder($"Harbour record {d}\n");
            for (int p = 0; p < Paragraphs; p++)
            {
                sb.Append('\n');
                for (int s = 0; s < 3; s++)
                    sb.Append($"The {Editions[edition]} edition of record {d} says the lighthouse keeper logged ship {p * 3 + s}. ");
                sb.Append('\n');
            }
            Seeds.File($"record-{d:D3}.txt", sb.ToString());
        }
    }

    [Fact]
    public async Task A_reader_asking_in_a_loop_during_re_indexing_never_fails_nor_sees_a_mixed_document()
    {
        WriteAll(0);
        await using var services = CoreHost.Create(Seeds.Path, Data.Path);
        var indexer = services.GetRequiredService<IIndexer>();
        await indexer.IndexAsync(false, null, TestTimeout.Token(60));
        var store = services.GetRequiredService<IIndexStore>();
        var answerer = services.GetRequiredService<IAnswerer>();

        using var stop = new CancellationTokenSource();
        int reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await AssertEveryDocumentIsWholeAsync(store);
                var answer = await answerer.AskAsync(new AskRequest("Which ship did the lighthouse keeper log?"), CancellationToken.None);
                Assert.True(answer.Answered);
                reads++;
            }
        });

        for (int edition = 1; edition < Editions.Length; edition++)
        {
            WriteAll(edition);
            if (edition == 2) for (int d = 0; d < Documents; d += 7) File.Delete(Path.Combine(Seeds.Path, $"record-{d:D3}.txt"));
            var report = await indexer.IndexAsync(false, null, TestTimeout.Token(60));
            Assert.True(report.Updated + report.Added > Documents / 2);
            Assert.False(reader.IsCompleted, "the reader stopped early");
        }
        await stop.CancelAsync();
        await reader; // rethrows the reader's first failure
        Assert.True(reads >= 3, $"only {reads} reads ran during re-indexing");
    }

    private static async Task AssertEveryDocumentIsWholeAsync(IIndexStore store)
    {
        await using var reader = await store.OpenReaderAsync(CancellationToken.None);
        var passages = await reader.SearchPassagesAsync(["lighthouse"], 500, CancellationToken.None);
        Assert.NotEmpty(passages);
        foreach (var doc in passages.GroupBy(p => p.DocumentId).Take(12))
        {
            var all = await reader.GetParagraphSentencesAsync(Enumerable.Range(1, Paragraphs).Select(p => (doc.Key, p)).ToList(), CancellationToken.None);
            Assert.Equal(Paragraphs * 3, all.Count);
            var editions = all.Select(s => Editions.Single(e => s.Text.Contains(e, StringComparison.Ordinal)))
                .Concat(doc.Select(p => Editions.Single(e => p.Text.Contains(e, StringComparison.Ordinal)))).Distinct().ToList();
            Assert.True(editions.Count == 1, $"{doc.First().Path} mixes editions {string.Join(", ", editions)}");
            foreach (var s in all.Take(3))
                Assert.Equal(s.Text, await reader.GetTextAsync(s.DocumentId, s.Start, s.End, CancellationToken.None));
        }
    }
}
