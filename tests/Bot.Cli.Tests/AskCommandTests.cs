using System.Text.Json;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

[Integration(TestCategory.Process, TestCategory.Model)]
public sealed class AskCommandTests : IDisposable
{
    private readonly TempFolder _data = new();

    private Task<BotProcess.Result> Bot(string stdin, params string[] args) =>
        BotProcess.RunAsync(args.Concat(["--seeds", RepoPaths.Seeds, "--data", _data.Path]), stdin);

    [Fact]
    public async Task Ask_prints_the_April_quote_with_its_citation_and_exits_0()
    {
        var r = await Bot("", "ask", "when did Russia delist the Taliban?");
        Assert.Equal(0, r.ExitCode);
        // The shipped configuration: the first ask builds the index's text, then embeds within Bot:Index:AskRefreshSeconds
        // (a one-article seeds folder completely) with the packaged model.
        Assert.Matches(@"\d+ passages embedded, \d+ sentences embedded", r.Stderr);
        Assert.DoesNotContain("until its vectors are made", r.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data.Path, "models", "all-MiniLM-L6-v2", "model.onnx")));
        Assert.Contains("> In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("¶7", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("russia-recognises-taliban.txt", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("blacklisted", r.Stdout.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_json_prints_one_object_with_quotes_whose_offsets_slice_the_file()
    {
        var r = await Bot("", "ask", "when did Russia delist the Taliban?", "--json", "--top", "2");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.Equal("when did Russia delist the Taliban?", root.GetProperty("question").GetString());
        Assert.True(root.GetProperty("answered").GetBoolean());
        var quotes = root.GetProperty("quotes").EnumerateArray().ToList();
        Assert.InRange(quotes.Count, 1, 2);
        var file = File.ReadAllText(Path.Combine(RepoPaths.Seeds, quotes[0].GetProperty("path").GetString()!));
        foreach (var q in quotes)
        {
            int start = q.GetProperty("start").GetInt32(), end = q.GetProperty("end").GetInt32();
            Assert.Equal(q.GetProperty("text").GetString(), file[start..end]);
            Assert.False(string.IsNullOrEmpty(q.GetProperty("title").GetString()));
            Assert.True(q.GetProperty("paragraph").GetInt32() > 0);
            Assert.True(q.TryGetProperty("score", out _));
        }
        Assert.Equal(7, quotes[0].GetProperty("paragraph").GetInt32());
    }

    [Fact]
    public async Task Ask_not_found_says_so_and_exits_1()
    {
        var r = await Bot("", "ask", "What is the capital of Australia?", "--json");
        Assert.Equal(1, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.False(json.RootElement.GetProperty("answered").GetBoolean());
        Assert.Empty(json.RootElement.GetProperty("quotes").EnumerateArray());
    }

    [Fact]
    public async Task Empty_question_is_a_usage_error_with_a_clear_message_before_any_indexing()
    {
        var r = await Bot("", "ask", "  ");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("empty", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "index.db")), "the seeds were indexed for a question that is refused");
    }

    [Fact]
    public async Task Hundred_thousand_character_question_is_refused_with_the_limit_before_any_indexing()
    {
        var r = await Bot("", "ask", new string('x', 100_000));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("limit is", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "index.db")), "the seeds were indexed for a question that is refused");
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var r = await Bot("", "ask", "hi", "--nope");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--nope", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dash_answers_standard_input_lines_as_json_lines_in_one_process_one_line_per_input_line()
    {
        var r = await Bot("when did Russia delist the Taliban?\n\nWhat is the capital of Australia?\nwho praised the step?\n", "ask", "-");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        var answers = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(answers[0].GetProperty("answered").GetBoolean());
        // The blank line gets its own line: an error saying why it was not asked.
        Assert.Contains("empty", answers[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(answers[2].GetProperty("answered").GetBoolean());
        Assert.Contains("praised the step", answers[3].GetProperty("quotes")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_seeds_folder_fails_with_exit_3_and_names_it()
    {
        var r = await BotProcess.RunAsync(["ask", "anything", "--seeds", Path.Combine(_data.Path, "missing"), "--data", _data.Path]);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("missing", r.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
