using System.Text.Json;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.EndToEnd;

[Integration(TestCategory.Corpus)]
public sealed class SquadOffsetsTests
{
    [Fact]
    public async Task Every_quote_of_every_squad_dev_answer_is_the_exact_file_slice_at_its_offsets()
    {
        using var data = new TempFolder();
        await using var services = CoreHost.Create(RepoPaths.SquadDocs, data.Path);
        var report = await services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
        Assert.Equal(8, report.Added);

        var files = Directory.GetFiles(RepoPaths.SquadDocs).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        var questions = File.ReadLines(RepoPaths.SquadQuestions).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();
        Assert.Equal(2917, questions.Count);

        var answerer = services.GetRequiredService<IAnswerer>();
        int quotes = 0;
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(questions, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (q, ct) =>
        {
            var answer = await answerer.AskAsync(new AskRequest(q), ct);
            foreach (var quote in answer.Quotes.Concat(answer.Closest))
            {
                Interlocked.Increment(ref quotes);
                var text = files[quote.Path];
                if (quote.Start < 0 || quote.End > text.Length || text[quote.Start..quote.End] != quote.Text)
                    mismatches.Add($"{q} → {quote.Path} [{quote.Start},{quote.End})");
            }
        });
        Assert.True(quotes > 2917, $"only {quotes} quotes");
        Assert.Empty(mismatches);
    }
}
