using System.Text.Json;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>`bot add` end to end: a news page from a loopback server is added, indexed at once and cited with its source and date.</summary>
[Integration(TestCategory.Process, TestCategory.Server)]
public sealed class AddCommandTests : IAsyncDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private readonly LoopbackHttpServer _server = new(async (request, response) =>
    {
        if (request.Path == "/storm") await LoopbackHttpServer.WriteAsync(response, 200, NewsPages.StormArticle(), "text/html; charset=utf-8");
        else if (request.Path == "/login") await LoopbackHttpServer.WriteAsync(response, 200, NewsPages.LoginWall, "text/html");
        else await LoopbackHttpServer.WriteAsync(response, 404, "not found", "text/plain");
    });

    private static readonly Dictionary<string, string> Env = new()
    {
        ["Bot__Embeddings__Provider"] = "none",
        ["Bot__Ingest__AllowPrivateAddresses"] = "127.0.0.1",
    };

    private Task<BotProcess.Result> Bot(params string[] args) =>
        BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", _data.Path]), env: Env);

    [Fact]
    public async Task An_added_article_is_indexed_at_once_and_cited_with_its_source_and_date()
    {
        _seeds.File("other.txt", "Library hours\n\nThe library opens at nine in the morning on weekdays.");
        var url = new Uri(_server.BaseUri, "/storm").ToString();

        var add = await Bot("add", url);

        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Matches(@"added web/127\.0\.0\.1-storm-[0-9a-f]{8}\.md: “Storm floods Marlow harbour” — Coast News, 4 July 2025, \d+ paragraphs", add.Stdout);
        var ask = await Bot("ask", "how long was the crack in the sea wall?", "--json");
        Assert.Equal(0, ask.ExitCode);
        using var json = JsonDocument.Parse(ask.Stdout);
        var quote = json.RootElement.GetProperty("quotes")[0];
        Assert.Contains("eleven metres", quote.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Coast News", "2025-07-04", "https://coastnews.example/2025/07/04/storm-marlow"),
            (quote.GetProperty("source").GetString(), quote.GetProperty("date").GetString(), quote.GetProperty("url").GetString()));

        var again = await Bot("add", url);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already in the seeds folder", again.Stdout, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_seeds.Path, "web")));
    }

    [Fact]
    public async Task Bot_add_while_bot_chat_runs_the_next_question_is_answered_from_the_new_article_with_its_source_and_date()
    {
        _seeds.File("other.txt", "Library hours\n\nThe library opens at nine in the morning on weekdays.");
        await using var chat = BotSession.Start(["chat", "--seeds", _seeds.Path, "--data", _data.Path], Env);
        await chat.WriteLineAsync("how long was the crack in the sea wall?");
        await chat.WaitForAsync("Not found in the sources.", TimeSpan.FromSeconds(60));

        var add = await Bot("add", new Uri(_server.BaseUri, "/storm").ToString());
        Assert.True(add.ExitCode == 0, add.Stderr);

        int from = chat.StdoutLineCount;
        await chat.WriteLineAsync("how long was the crack in the sea wall?");
        var citation = await chat.WaitForAsync("Coast News", TimeSpan.FromSeconds(30), from: from);
        Assert.Contains("4 July 2025", citation, StringComparison.Ordinal);
        Assert.Contains("a crack eleven metres long", string.Join('\n', chat.Stdout.Split('\n').Skip(from)), StringComparison.Ordinal);
        await chat.WriteLineAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_refused_page_exits_non_zero_with_a_one_line_reason_and_adds_nothing()
    {
        var r = await Bot("add", new Uri(_server.BaseUri, "/login").ToString());
        Assert.Equal(3, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("login page", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_seeds.Path, "web")));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _seeds.Dispose();
        _data.Dispose();
    }
}
