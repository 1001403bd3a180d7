using System.Text.Json;
using Bot.Core.Conversations;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Discord.Tests.Bot;

[Integration(TestCategory.Server)]
public sealed class MessageHandlingTests
{
    [Fact]
    public async Task Mention_is_answered_as_a_reply_with_message_reference_no_pings_and_typing_first()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        var message = fake.Message("what happened?", 30, mentionBot: true);
        await fake.DispatchAsync("MESSAGE_CREATE", message);
        var reply = await fake.WaitAsync(() => bot.Posts(30).FirstOrDefault(), what: "reply");

        Assert.Equal(message["id"]!.GetValue<string>(), reply.Json.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.Equal(0, reply.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.StartsWith("> Answer to: what happened?", reply.Content, StringComparison.Ordinal);
        Assert.DoesNotContain($"<@{fake.BotUserId}>", reply.Content, StringComparison.Ordinal);
        var typing = Assert.Single(fake.Calls("POST", "/channels/{channel_id}/typing"));
        Assert.Equal("30", typing.Major);
        Assert.True(typing.At <= reply.At);
    }

    [Fact]
    public async Task Direct_message_is_answered_without_a_mention()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("who praised it?", 31, guildId: null));
        var reply = await fake.WaitAsync(() => bot.Posts(31).FirstOrDefault(), what: "reply");
        Assert.Contains("Answer to: who praised it?", reply.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Own_echoed_messages_other_bots_webhooks_and_unmentioned_guild_messages_are_ignored()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.EchoOwnMessages = true;
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("first?", 32, mentionBot: true));
        await fake.WaitAsync(() => bot.Posts(32).FirstOrDefault(), what: "reply");
        // The echo of our reply even mentions us (quoted text), but it is our own message.
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("echo", 32, authorId: fake.BotUserId, mentionBot: true));
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("from another bot", 32, authorId: 555, authorIsBot: true, mentionBot: true));
        var hook = fake.Message("from a webhook", 32, mentionBot: true);
        hook["webhook_id"] = "777";
        await fake.DispatchAsync("MESSAGE_CREATE", hook);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("just chatting, no mention", 32));
        await Task.Delay(600);
        Assert.Single(bot.Posts(32));
        Assert.Single(bot.Answerer!.Requests);
    }

    [Fact]
    public async Task Duplicate_deliveries_of_a_message_and_an_interaction_are_answered_once()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        var message = fake.Message("once?", 33, mentionBot: true);
        var interaction = fake.Interaction("ask", 34, "once too?");
        for (var i = 0; i < 3; i++)
        {
            await fake.DispatchAsync("MESSAGE_CREATE", message.DeepClone());
            await fake.DispatchAsync("INTERACTION_CREATE", interaction.DeepClone());
        }
        await fake.WaitAsync(() => bot.Posts(33).FirstOrDefault(), what: "reply");
        await fake.WaitAsync(() => fake.Calls("PATCH", "/webhooks/{application_id}/{token}/messages/@original").FirstOrDefault(), what: "edit");
        await Task.Delay(500);
        Assert.Single(bot.Posts(33));
        Assert.Single(fake.Calls("POST", "/interactions/{interaction_id}/{token}/callback"));
        Assert.Single(fake.Calls("PATCH", "/webhooks/{application_id}/{token}/messages/@original"));
        Assert.Equal(2, bot.Answerer!.Requests.Count);
    }

    [Fact]
    public async Task Follow_ups_use_the_channel_conversation_history_and_reset_clears_it()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var store = new FakeConversationStore();
        await using var bot = await BotHarness.StartAsync(fake, (s, _) => s.AddSingleton<IConversationStore>(store));
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("who recognised the Taliban?", 35, mentionBot: true));
        await fake.WaitUntilAsync(() => bot.Posts(35).Count == 1, what: "first reply");
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("when?", 35, mentionBot: true));
        await fake.WaitUntilAsync(() => bot.Posts(35).Count == 2, what: "second reply");

        var requests = bot.Answerer!.Requests.ToList();
        Assert.Null(requests[0].History);
        var turn = Assert.Single(requests[1].History!);
        Assert.Equal("who recognised the Taliban?", turn.Question);
        Assert.Equal(2, store.Recent("35").Count);

        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("reset", 35));
        var response = await fake.WaitAsync(() => fake.Calls("POST", "/interactions/{interaction_id}/{token}/callback").FirstOrDefault(), what: "reset response");
        Assert.Equal(4, response.Json.GetProperty("type").GetInt32());
        Assert.Equal(64, response.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Empty(store.Recent("35"));
    }

    [Fact]
    public async Task Long_answers_are_sent_as_several_replies_within_2000_characters()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        bot.Answerer!.Respond = r => new Core.Answering.Answer(r.Question, true,
            [.. Enumerable.Range(1, 3).Select(i => new Core.Answering.Quote($"Q{i} " + new string('a', 900), "Doc", "doc.txt", i, 0, 1, 1))], []);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("long?", 36, mentionBot: true));
        await fake.WaitUntilAsync(() => bot.Posts(36).Count == 2, what: "two replies");
        var posts = bot.Posts(36);
        Assert.All(posts, p => Assert.InRange(p.Content!.Length, 1, 2000));
        Assert.True(posts[0].Json.TryGetProperty("message_reference", out _));
        Assert.All(posts, p => Assert.Equal(0, p.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength()));
        Assert.All(posts, p => Assert.StartsWith("> Q", p.Content, StringComparison.Ordinal));
    }

}
