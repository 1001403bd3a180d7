using Bot.Core.DependencyInjection;
using Bot.Core.Indexing;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Discord.Tests.EndToEnd;

/// <summary>/add against the loopback fake Discord, with the real core and a loopback server serving a news page.</summary>
[Integration(TestCategory.Server)]
public sealed class AddSlashCommandTests : IAsyncDisposable
{
    private const string Callback = "/interactions/{interaction_id}/{token}/callback";
    private const string Original = "/webhooks/{application_id}/{token}/messages/@original";

    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private readonly LoopbackHttpServer _server = new(async (request, response) =>
    {
        if (request.Path == "/storm") await LoopbackHttpServer.WriteAsync(response, 200, NewsPages.StormArticle(), "text/html; charset=utf-8");
        else if (request.Path == "/login") await LoopbackHttpServer.WriteAsync(response, 200, NewsPages.LoginWall, "text/html");
        else await LoopbackHttpServer.WriteAsync(response, 404, "not found", "text/plain");
    });

    private async Task<BotHarness> StartAsync(FakeDiscord fake)
    {
        _seeds.File("other.txt", "Library hours\n\nThe library opens at nine in the morning on weekdays.");
        var bot = await BotHarness.StartAsync(fake, (services, configuration) => services.AddBotCore(configuration), new Dictionary<string, string?>
        {
            ["Bot:SeedsPath"] = _seeds.Path,
            ["Bot:DataPath"] = _data.Path,
            ["Bot:Embeddings:Provider"] = "none",
            ["Bot:Ingest:AllowPrivateAddresses"] = "127.0.0.1",
            ["Bot:Discord:AdminUserIds:0"] = "999",
        });
        await bot.Host.Services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
        return bot;
    }

    [Fact]
    public async Task An_admins_add_is_answered_with_the_summary_and_the_article_becomes_answerable()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(fake);
        var url = new Uri(_server.BaseUri, "/storm").ToString();

        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("add", 60, url, userId: 999, optionName: "url"));

        var callback = await fake.WaitAsync(() => fake.Calls("POST", Callback).FirstOrDefault(), what: "callback");
        Assert.Equal(5, callback.Json.GetProperty("type").GetInt32()); // deferred…
        Assert.Equal(64, callback.Json.GetProperty("data").GetProperty("flags").GetInt32()); // …and ephemeral
        var summary = await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "summary");
        Assert.Matches(@"^Added `web/127\.0\.0\.1-storm-[0-9a-f]{8}\.md`: “Storm floods Marlow harbour” — Coast News, 4 July 2025, \d+ paragraphs$", summary.Content);

        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("ask", 61, "how long was the crack in the sea wall?"));
        var answer = await fake.WaitAsync(() => fake.Calls("PATCH", Original).Skip(1).FirstOrDefault(), what: "answer");
        Assert.Contains("a crack eleven metres long", answer.Content, StringComparison.Ordinal);
        Assert.Contains("Coast News, 4 July 2025", answer.Content, StringComparison.Ordinal);

        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("add", 62, url, userId: fake.OwnerId, inGuild: false, optionName: "url"));
        var again = await fake.WaitAsync(() => fake.Calls("PATCH", Original).Skip(2).FirstOrDefault(), what: "second /add");
        Assert.StartsWith("Already in the sources as `web/", again.Content, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_seeds.Path, "web")));
    }

    [Theory]
    [InlineData("/storm", "32", 444ul)] // Manage Server of some server is not enough, as for /reindex
    [InlineData("/login", "0", 999ul)]  // an admin's non-article page: the one-line refusal
    public async Task A_non_admin_or_a_refused_page_gets_a_one_line_ephemeral_refusal_and_nothing_is_added(string path, string permissions, ulong user)
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(fake);

        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("add", 63, new Uri(_server.BaseUri, path).ToString(), permissions: permissions, userId: user, optionName: "url"));

        var callback = await fake.WaitAsync(() => fake.Calls("POST", Callback).FirstOrDefault(), what: "callback");
        Assert.Equal(64, callback.Json.GetProperty("data").GetProperty("flags").GetInt32());
        string text;
        if (user == 999)
        {
            text = (await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "refusal")).Content ?? "";
            Assert.Contains("login page", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(4, callback.Json.GetProperty("type").GetInt32());
            text = callback.Json.GetProperty("data").GetProperty("content").GetString()!;
            Assert.Equal("Only the bot's owners (or its configured admins) can add sources.", text);
            Assert.Empty(_server.Requests);
        }
        Assert.StartsWith(user == 999 ? "Refused: " : "Only", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
        Assert.False(Directory.Exists(Path.Combine(_seeds.Path, "web")));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _seeds.Dispose();
        _data.Dispose();
    }
}
