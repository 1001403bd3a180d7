using System.Globalization;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Xunit.Abstractions;

namespace Bot.Discord.Tests.EndToEnd;

/// <summary>
/// Real `bot discord` processes (4 shards, 8 guilds, one PostgreSQL database, lexical answering) against the loopback
/// fake Discord, which routes each guild's events to shard (guild_id &gt;&gt; 22) % 4 and answers an IDENTIFY sooner than
/// the window after the last one (max_concurrency 1: one bucket) with op 9. Lease timings are shortened so a takeover
/// takes seconds; the takeover time is written to the test output.
/// </summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Process, TestCategory.Server)]
public sealed class SeveralBotProcessesTests(PostgresServer server, ITestOutputHelper output) : IDisposable
{
    private const string Delist = ShardedBotProcesses.Delist;
    private static readonly TimeSpan Generous = ShardedBotProcesses.Generous;
    private readonly TempFolder _work = new();

    // Short by default so a takeover takes seconds; BOT_TEST_LEASE_INTERVAL / BOT_TEST_LEASE_TTL (e.g. 00:00:05 / 00:00:20,
    // the shipped defaults) measure the takeover time with other settings.
    private static string LeaseInterval => Environment.GetEnvironmentVariable("BOT_TEST_LEASE_INTERVAL") ?? "00:00:00.300";

    private static string LeaseTtl => Environment.GetEnvironmentVariable("BOT_TEST_LEASE_TTL") ?? "00:00:02";

    private ShardedBotProcesses Processes(FakeDiscord fake, string connection) => new(fake, connection, _work.Path, LeaseInterval, LeaseTtl);

    [SkippableFact]
    public async Task Two_processes_answer_every_guild_once_and_a_SIGKILLed_one_is_taken_over_with_its_follow_up_intact()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var fake = await ShardedBotProcesses.EightGuildsAsync();
        var p = Processes(fake, connection);
        await using var a = p.Start();
        await using var b = p.Start();
        await p.WaitForSharesAsync(new Dictionary<int, int> { [a.Id] = 2, [b.Id] = 2 }, "2 shards each", a, b);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"both processes started and shards divided 2/2 after {fake.Now.TotalSeconds:F1} s"));

        await p.AskEveryGuildAsync(900);
        await p.WaitAnsweredAsync(ShardedBotProcesses.Channels(900), "every guild answered", a, b);

        // A conversation begun on a shard of the process about to die.
        var leases = await p.ShardHoldersAsync();
        var victimShards = leases.Where(l => l.Value == a.Id).Select(l => l.Key).Order().ToList();
        var guild = FakeDiscord.GuildOnShard(victimShards[0], 4);
        var first = fake.Message(Delist, 950, guildId: guild, authorId: 950, mentionBot: true);
        await fake.DispatchAsync("MESSAGE_CREATE", first);
        await p.WaitAnsweredAsync([950], "the first question of the conversation", a, b);
        // Why wait for it to be done: its turn is recorded just after its reply is sent; a follow-up asked in that instant,
        // on a process that dies in it, is answered without the turn (see docs/discord.md, the exactly-once window).
        await p.WaitDoneAsync("m" + first["id"]!.GetValue<string>(), "the first question recorded as done");

        // Answers in flight on the process about to die: the fake holds their replies (the bot waits for the response)
        // until after the kill. Two had reached Discord (created when the hold is lifted, the bot gone before it could
        // record them as done), two never arrive, nor does the conversation's follow-up.
        var victimGuilds = victimShards.SelectMany(s => new[] { FakeDiscord.GuildOnShard(s, 4, 0), FakeDiscord.GuildOnShard(s, 4, 1) }).ToList();
        ulong[] reachedDiscord = [940, 941], neverArrived = [942, 943];
        foreach (var ch in reachedDiscord) fake.HoldReplies[ch.ToString(CultureInfo.InvariantCulture)] = true;
        foreach (var ch in neverArrived.Append(950UL)) fake.HoldReplies[ch.ToString(CultureInfo.InvariantCulture)] = false;
        foreach (var (ch, g) in reachedDiscord.Concat(neverArrived).Zip(victimGuilds))
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(Delist, ch, guildId: g, authorId: ch, mentionBot: true));
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("and when did they blacklist them?", 950, guildId: guild, authorId: 950, mentionBot: true));
        await fake.WaitUntilAsync(() => fake.HeldReplyCount == 5, Generous, "five answers in flight on the process about to die");
        // Why wait for a save: the sessions saved after these events arrived are the ones a save at the last sequence
        // received would put past them (a takeover would then never be sent them again).
        await p.WaitSessionsSavedAsync(victimShards, await p.DatabaseNowAsync(), "the victim's sessions saved with the answers in flight");

        var connectionsBefore = fake.Connections.Count;
        await a.KillAsync();
        var killedAt = fake.Now;
        fake.ReleaseHeldReplies();
        // Questions that reach the dead process's sessions in the first second, and every other guild's.
        await p.AskEveryGuildAsync(960);

        await p.WaitForSharesAsync(new Dictionary<int, int> { [b.Id] = 4 }, "the survivor holds every shard", b);
        var takenOver = fake.Now - killedAt;
        await p.WaitAnsweredAsync(ShardedBotProcesses.Channels(960).Concat(reachedDiscord).Concat(neverArrived), "every question asked after the kill or in flight at it", b);
        await fake.WaitUntilAsync(() => p.Replies(950).Count() >= 2, Generous, "the follow-up answered");
        var answered = fake.Now - killedAt;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"takeover after SIGKILL: shards resumed {takenOver.TotalSeconds:F2} s, every question answered {answered.TotalSeconds:F2} s (lease interval {LeaseInterval}, TTL {LeaseTtl})"));
        await Task.Delay(1000); // a duplicate would come now, if at all

        Assert.All(ShardedBotProcesses.Channels(900).Concat(ShardedBotProcesses.Channels(960)).Concat(reachedDiscord).Concat(neverArrived), c => Assert.Single(p.Replies(c)));
        // The survivor answered the in-flight questions again (the dead process had taken them up, not done them): where
        // the dead process's reply had reached Discord, the reply's nonce made Discord return it instead of a second one.
        Assert.All(reachedDiscord, c => Assert.Single(p.ReplyAttempts(c), r => r.Deduplicated));
        Assert.All(neverArrived.Append(950UL), c => Assert.Single(p.ReplyAttempts(c), r => r.Dropped));
        var followUp = p.Replies(950).ToList();
        Assert.Equal(2, followUp.Count);
        Assert.True(followUp[1].Content!.Contains("In 2003, Russia blacklisted the Taliban", StringComparison.Ordinal), followUp[1].Content);
        Assert.True(followUp[1].Content!.Contains("Read as a follow-up to", StringComparison.Ordinal), followUp[1].Content);
        // The dead process's shards were RESUMEd, not identified again; no IDENTIFY broke the spacing of the bucket.
        Assert.True(fake.IdentifyLog.Count == 4, Identifies(fake) + "\n" + a.Log + "\n----\n" + b.Log);
        Assert.Equal(0, fake.IdentifyViolations);
        Assert.All(fake.Connections.Skip(connectionsBefore).Where(c => c.Shard >= 0), c => Assert.True(c.ViaResumeUrl));
    }

    [SkippableFact]
    public async Task A_SIGTERMed_process_finishes_its_answers_and_its_sessions_are_resumed_so_questions_sent_meanwhile_are_answered_once()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var fake = await ShardedBotProcesses.EightGuildsAsync();
        var p = Processes(fake, connection);
        await using var a = p.Start();
        await using var b = p.Start();
        await p.WaitForSharesAsync(new Dictionary<int, int> { [a.Id] = 2, [b.Id] = 2 }, "2 shards each", a, b);

        // An answer in flight when the stop begins (the fake holds its reply), and a question that arrives while the
        // process drains: the first is finished before the shards close, the second left to the next process.
        var guild = FakeDiscord.GuildOnShard((await p.ShardHoldersAsync()).First(h => h.Value == a.Id).Key, 4);
        fake.HoldReplies["975"] = true;
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(Delist, 975, guildId: guild, authorId: 975, mentionBot: true));
        await fake.WaitUntilAsync(() => fake.HeldReplyCount == 1, Generous, "an answer in flight");
        var stopped = a.TerminateAsync(Generous);
        await fake.WaitUntilAsync(() => a.Log.Contains("Waiting for 1 answer(s) in progress", StringComparison.Ordinal), Generous, "the stop draining");
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(Delist, 976, guildId: guild, authorId: 976, mentionBot: true));
        await fake.WaitUntilAsync(() => a.Log.Contains("left to the process that resumes the session", StringComparison.Ordinal), Generous, "the question left");
        fake.ReleaseHeldReplies();
        Assert.Equal(0, await stopped);

        await p.AskEveryGuildAsync(980);
        await using var c = p.Start();
        await p.WaitAnsweredAsync(ShardedBotProcesses.Channels(980).Append(975UL).Append(976UL), "every question asked while the process was down or left by it", b, c);
        await p.WaitForSharesAsync(new Dictionary<int, int> { [b.Id] = 2, [c.Id] = 2 }, "the new process runs 2 shards", b, c);
        await Task.Delay(1000); // a duplicate would come now, if at all

        Assert.All(ShardedBotProcesses.Channels(980).Append(976UL), ch => Assert.Single(p.Replies(ch)));
        Assert.Single(p.ReplyAttempts(975)); // finished by the stopping process, not sent again by the next
        Assert.True(fake.IdentifyLog.Count == 4, Identifies(fake)); // every hand-over was a RESUME
        Assert.Equal(0, fake.IdentifyViolations);
        Assert.Contains(fake.Connections, x => x.ClientCloseCode == 4900); // the stop kept its sessions (not 1000)
    }

    private static string Identifies(FakeDiscord fake) =>
        "identifies: " + string.Join(", ", fake.IdentifyLog.Select(i => string.Create(CultureInfo.InvariantCulture, $"shard {i.Shard} at {i.At.TotalSeconds:F2} s")));

    public void Dispose() => _work.Dispose();
}
