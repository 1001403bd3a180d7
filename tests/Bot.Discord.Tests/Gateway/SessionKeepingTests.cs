using Bot.Core.Configuration;
using Bot.Discord.Sharding;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Discord.Tests.Gateway;

/// <summary>Sessions survive: a server's 1001 resumes, and a stop keeping sessions lets the next process resume.</summary>
[Integration(TestCategory.Server)]
public sealed class SessionKeepingTests
{
    [Fact]
    public async Task A_server_sent_1001_resumes_the_session()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        var session = fake.SessionId!;
        await fake.CloseAsync(1001);
        await fake.WaitUntilAsync(() => bot.Gateway.Resumes == 1 && bot.Gateway.IsReady, what: "RESUMED");
        Assert.Equal(session, Assert.Single(fake.Frames(6)).Data.GetProperty("session_id").GetString());
        Assert.Single(fake.Frames(2));
    }

    [Fact]
    public async Task A_restart_resumes_the_saved_session_and_answers_what_arrived_while_down_once()
    {
        using var data = new TempFolder();
        await using var fake = await FakeDiscord.StartAsync();
        var settings = new Dictionary<string, string?> { ["Bot:Discord:KeepSessionsOnStop"] = "true" };
        void Store(IServiceCollection s, Microsoft.Extensions.Configuration.IConfiguration _) =>
            s.AddSingleton<IGatewaySessionStore>(new FileGatewaySessionStore(Microsoft.Extensions.Options.Options.Create(new BotOptions { DataPath = data.Path })));

        var first = await BotHarness.StartAsync(fake, Store, settings);
        var session = fake.SessionId!;
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("before the deploy?", 80, mentionBot: true));
        await fake.WaitAsync(() => first.Posts(80).FirstOrDefault(), what: "answer before the stop");
        await first.DisposeAsync();
        Assert.Equal(GatewayCloseCodesForTests.Resumable, fake.Connections[0].ClientCloseCode);
        Assert.True(File.Exists(Path.Combine(data.Path, "discord-sessions.json")));

        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("during the deploy?", 81, mentionBot: true));
        await using var second = await BotHarness.StartAsync(fake, Store, settings);
        await fake.WaitAsync(() => second.Posts(81).FirstOrDefault(), what: "the question sent while down answered after the resume");
        await Task.Delay(300);

        var resume = Assert.Single(fake.Frames(6));
        Assert.Equal(session, resume.Data.GetProperty("session_id").GetString());
        Assert.Single(fake.Frames(2)); // the second process did not IDENTIFY
        Assert.Single(second.Posts(81));
        Assert.Single(second.Posts(80)); // the fake's posts of both processes: replay starts after the saved sequence, so the earlier question is not answered twice
    }

    [Fact]
    public async Task A_stop_that_gives_up_on_an_answer_saves_the_session_before_it_so_the_next_process_answers_it_once()
    {
        using var data = new TempFolder();
        await using var fake = await FakeDiscord.StartAsync();
        var settings = new Dictionary<string, string?> { ["Bot:Discord:KeepSessionsOnStop"] = "true", ["Bot:Discord:ShutdownGrace"] = "00:00:00.500" };
        var answerer = new FakeAnswerer();
        void Store(IServiceCollection s, Microsoft.Extensions.Configuration.IConfiguration _) =>
            s.AddSingleton<IGatewaySessionStore>(new FileGatewaySessionStore(Microsoft.Extensions.Options.Options.Create(new BotOptions { DataPath = data.Path })));

        var first = await BotHarness.StartAsync(fake, (s, c) =>
        {
            Store(s, c);
            s.AddSingleton<global::Bot.Core.Answering.IAnswerer>(answerer);
        }, settings);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("answered before the stop?", 82, mentionBot: true));
        await fake.WaitAsync(() => first.Posts(82).FirstOrDefault(), what: "answer before the stop");
        answerer.Delay = TimeSpan.FromMinutes(1); // longer than the stop's grace: cut off
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("cut off by the stop?", 83, mentionBot: true));
        await fake.WaitUntilAsync(() => answerer.Requests.Count == 2, what: "the second answer started");
        await first.DisposeAsync();
        Assert.Empty(first.Posts(83));

        await using var second = await BotHarness.StartAsync(fake, Store, settings);
        await fake.WaitAsync(() => second.Posts(83).FirstOrDefault(), what: "the answer the stop cut off, answered after the resume");
        await Task.Delay(300);

        Assert.Single(fake.Frames(2)); // resumed, not identified
        Assert.Single(second.Posts(83));
        Assert.Single(second.Posts(82)); // the fake's posts of both processes: done before the stop, so not sent again
    }
}

internal static class GatewayCloseCodesForTests
{
    public const int Resumable = global::Bot.Discord.Gateway.GatewayCloseCodes.ResumableClose;
}
