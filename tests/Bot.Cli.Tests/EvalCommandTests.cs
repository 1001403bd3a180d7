using System.Text.Json;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

[Integration(TestCategory.Process, TestCategory.Model)]
public sealed class EvalCommandTests
{
    /// <summary>
    /// With the shipped configuration (the packaged embedding model). Two of the eight squad-dev articles, the two
    /// shortest, and their questions: indexing all eight with the model took most of a minute.
    /// </summary>
    [Fact]
    public async Task Eval_with_baseline_prints_both_rows_and_writes_the_json_report()
    {
        using var folder = new TempFolder();
        string[] articles = ["1973-oil-crisis.txt", "normans.txt"];
        var docs = Path.Combine(folder.Path, "docs");
        Directory.CreateDirectory(docs);
        foreach (var article in articles) File.Copy(Path.Combine(RepoPaths.SquadDocs, article), Path.Combine(docs, article));
        var questions = Path.Combine(folder.Path, "questions.jsonl");
        File.WriteAllLines(questions, File.ReadLines(RepoPaths.SquadQuestions)
            .Where(line => articles.Contains(JsonDocument.Parse(line).RootElement.GetProperty("doc").GetString())));
        var json = Path.Combine(folder.Path, "eval.json");

        var r = await BotProcess.RunAsync(["eval", "--docs", docs, "--questions", questions,
            "--limit", "40", "--baseline", "--no-out-of-corpus", "--json", json]);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("quote@1", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("bm25", r.Stdout, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(40, report.RootElement.GetProperty("questions").GetInt32());
        Assert.Equal(2, report.RootElement.GetProperty("documents").GetInt32());
        Assert.Equal(["1973-oil-crisis.txt"], report.RootElement.GetProperty("tuningDocs").EnumerateArray().Select(d => d.GetString()));
        var rows = report.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);
        Assert.Contains(rows, x => x.GetProperty("system").GetString() == "bm25" && x.GetProperty("subset").GetString() == "untouched");
        Assert.True(report.RootElement.GetProperty("corpusMeanSentenceChars").GetDouble() > 0);
    }

    [Fact]
    public async Task Eval_of_a_missing_questions_file_fails_with_a_clear_message()
    {
        var r = await BotProcess.RunAsync(["eval", "--docs", RepoPaths.SquadDocs, "--questions", "no-such-file.jsonl"]);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("no-such-file.jsonl", r.Stderr, StringComparison.Ordinal);
    }
}
