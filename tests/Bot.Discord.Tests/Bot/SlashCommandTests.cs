using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Discord.Tests.Bot;

[Integration(TestCategory.Server)]
public sealed class SlashCommandTests
{
    private const string Callback = "/interactions/{interaction_id}/{token}/callback";
    private const string Original = "/webhooks/{application_id}/{token}/messages/@original";
    private const string Followup = "/webhooks/{application_id}/{token}";

    [Fact]
    public async Task Commands_are_registered_globally_by_bulk_overwrite()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        var put = await fake.WaitAsync(() => fake.Calls("PUT", "/applications/{application_id}/commands").FirstOrDefault(), what: "PUT commands");
        Assert.Contains($"/applications/{fake.ApplicationId}/commands", put.Path, StringComparison.Ordinal);
        var names = put.Json.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["ask", "sources", "reindex", "reset", "report", "add"], names);
        Assert.Equal("32", put.Json[4].GetProperty("default_member_permissions").GetString());
        var question = put.Json[0].GetProperty("options")[0];
        Assert.Equal(3, question.GetProperty("type").GetInt32());
        Assert.True(question.GetProperty("required").GetBoolean());
        Assert.Equal("32", put.Json[2].GetProperty("default_member_permissions").GetString());
    }

    [Fact]
    public async Task Commands_are_registered_per_configured_guild()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var settings = new Dictionary<string, string?> { ["Bot:Discord:GuildIds:0"] = "123", ["Bot:Discord:GuildIds:1"] = "456" };
        await using var bot = await BotHarness.StartAsync(fake, settings: settings);
        await fake.WaitUntilAsync(() => fake.Calls("PUT", "/applications/{application_id}/guilds/{guild_id}/commands").Count() == 2, what: "2 guild PUTs");
        Assert.Equal(["123", "456"], fake.Calls("PUT", "/applications/{application_id}/guilds/{guild_id}/commands").Select(c => c.Major).Order(StringComparer.Ordinal));
        Assert.Empty(fake.Calls("PUT", "/applications/{application_id}/commands"));
    }

    [Fact]
    public async Task Ask_is_deferred_within_3_s_then_the_answer_edits_the_original()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        bot.Answerer!.Delay = TimeSpan.FromSeconds(1.5); // a slow answer must not miss the 3-second deadline
        var interaction = fake.Interaction("ask", 40, "when did it happen?");
        await fake.DispatchAsync("INTERACTION_CREATE", interaction);
        var sent = fake.DispatchedAt[interaction["id"]!.GetValue<string>()];
        var edit = await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "edit of @original");
        var callback = Assert.Single(fake.Calls("POST", Callback));

        Assert.Equal(5, callback.Json.GetProperty("type").GetInt32());
        Assert.True((callback.At - sent).TotalSeconds < 1, $"deferred after {(callback.At - sent).TotalSeconds:F2} s");
        Assert.Contains(interaction["token"]!.GetValue<string>(), edit.Path, StringComparison.Ordinal);
        Assert.Contains($"/webhooks/{fake.ApplicationId}/", edit.Path, StringComparison.Ordinal);
        Assert.StartsWith("> Answer to: when did it happen?", edit.Content, StringComparison.Ordinal);
        Assert.Equal(0, edit.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
    }

    [Fact]
    public async Task Long_ask_answers_continue_in_follow_ups_of_at_most_2000_characters()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        bot.Answerer!.Respond = r => new Core.Answering.Answer(r.Question, true,
            [.. Enumerable.Range(1, 3).Select(i => new Core.Answering.Quote($"Q{i} " + new string('b', 1200), "Doc", "doc.txt", i, 0, 1, 1))], []);
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("ask", 41, "long?"));
        await fake.WaitUntilAsync(() => fake.Calls("POST", Followup).Count() == 2, what: "2 follow-ups");
        var messages = fake.Calls("PATCH", Original).Concat(fake.Calls("POST", Followup)).ToList();
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.InRange(m.Content!.Length, 1, 2000));
        Assert.All(messages, m => Assert.StartsWith("> Q", m.Content, StringComparison.Ordinal)); // split between quotes, never inside
        Assert.All(messages, m => Assert.Equal(0, m.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength()));
    }

    [Fact]
    public async Task Sources_lists_the_indexed_documents()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("sources", 42));
        var edit = await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "sources");
        Assert.Contains("**2 document(s)**", edit.Content, StringComparison.Ordinal);
        Assert.Contains(@"*Russia recognises \*Taliban\* rule*", edit.Content, StringComparison.Ordinal);
        Assert.Contains("<https://example.org/russia>", edit.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 444ul, true, false)]        // member without Manage Server
    [InlineData("32", 444ul, true, false)]       // Manage Server of some server: not enough (any server's admins could rebuild the shared index)
    [InlineData("8", 444ul, true, false)]        // Administrator of some server: not enough either
    [InlineData("0", 999ul, true, true)]         // configured admin user id
    [InlineData("0", 555ul, false, true)]        // the application's owner (GET /oauth2/applications/@me), in a DM
    [InlineData("0", 444ul, false, false)]       // DM from someone else
    public async Task Reindex_is_allowed_only_for_the_applications_owners_or_a_configured_user_id(string permissions, ulong user, bool inGuild, bool allowed)
    {
        await using var fake = await FakeDiscord.StartAsync();
        var indexer = new FakeIndexer();
        await using var bot = await BotHarness.StartAsync(fake, (s, _) => s.AddSingleton<IIndexer>(indexer),
            new Dictionary<string, string?> { ["Bot:Discord:AdminUserIds:0"] = "999" });
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("reindex", 43, permissions: permissions, userId: user, inGuild: inGuild));
        var callback = await fake.WaitAsync(() => fake.Calls("POST", Callback).FirstOrDefault(), what: "callback");
        if (allowed)
        {
            Assert.Equal(5, callback.Json.GetProperty("type").GetInt32());
            var edit = await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "report");
            Assert.Contains("2 added, 1 updated, 0 renamed, 1 removed, 5 unchanged", edit.Content, StringComparison.Ordinal);
            Assert.Equal(1, indexer.Runs);
        }
        else
        {
            Assert.Equal(4, callback.Json.GetProperty("type").GetInt32());
            Assert.Equal(64, callback.Json.GetProperty("data").GetProperty("flags").GetInt32());
            Assert.Contains("owners", callback.Json.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
            await Task.Delay(200);
            Assert.Equal(0, indexer.Runs);
        }
    }

    [Fact]
    public async Task With_admin_guilds_reindex_is_registered_only_there_and_open_to_their_Manage_Server_members()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var indexer = new FakeIndexer();
        await using var bot = await BotHarness.StartAsync(fake, (s, _) => s.AddSingleton<IIndexer>(indexer),
            new Dictionary<string, string?> { ["Bot:Discord:AdminGuildIds:0"] = "777" });
        var global = await fake.WaitAsync(() => fake.Calls("PUT", "/applications/{application_id}/commands").FirstOrDefault(), what: "global commands");
        var admin = await fake.WaitAsync(() => fake.Calls("PUT", "/applications/{application_id}/guilds/{guild_id}/commands").FirstOrDefault(), what: "admin guild commands");
        Assert.Equal(["ask", "sources", "reset", "report"], global.Json.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("777", admin.Major);
        Assert.Equal(["reindex", "add"], admin.Json.EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("reindex", 46, permissions: "32", guildId: 888));
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("reindex", 47, permissions: "32", guildId: 777));
        await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "report in the admin guild");
        await fake.WaitUntilAsync(() => fake.Calls("POST", Callback).Count() == 2, what: "both callbacks");
        Assert.Equal(1, indexer.Runs);
        Assert.Single(fake.Calls("POST", Callback), c => c.Json.GetProperty("type").GetInt32() == 4);
    }

    [Fact]
    public async Task Reindex_goes_through_the_seed_watcher_when_one_runs()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var indexer = new FakeIndexer();
        var reindexer = new FakeReindexer();
        await using var bot = await BotHarness.StartAsync(fake, (s, _) =>
        {
            s.AddSingleton<IIndexer>(indexer);
            s.AddSingleton<Core.Watching.IReindexer>(reindexer);
        });
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("reindex", 45, userId: fake.OwnerId));
        var edit = await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "report");
        Assert.Contains("0 added, 0 updated, 0 renamed, 0 removed, 7 unchanged", edit.Content, StringComparison.Ordinal);
        Assert.Equal(1, reindexer.Runs);
        Assert.Equal(0, indexer.Runs);
    }

    [Fact]
    public async Task Reset_without_a_conversation_store_says_no_history_is_kept()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("reset", 44));
        var callback = await fake.WaitAsync(() => fake.Calls("POST", Callback).FirstOrDefault(), what: "callback");
        Assert.Contains("No conversation history", callback.Json.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
    }
}
