using System.Globalization;
using Bot.Discord.Bot;
using Bot.Discord.Postgres;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Npgsql;

namespace Bot.Discord.Tests.Sharding;

/// <summary>
/// The per-user and per-channel question rates in PostgreSQL: shared by every process, so a user who reaches several
/// processes still gets one rate; the tables keep only the last minute.
/// </summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Server)]
public sealed class SharedQuestionRatesTests(PostgresServer server)
{
    private static Microsoft.Extensions.Options.IOptions<DiscordOptions> Rates(int perUser, int perChannel) =>
        Microsoft.Extensions.Options.Options.Create(new DiscordOptions
        {
            UserQuestionsPerMinute = perUser, ChannelQuestionsPerMinute = perChannel, FloodMute = TimeSpan.FromMinutes(2),
        });

    [SkippableFact]
    public async Task Two_processes_asked_at_once_admit_exactly_a_users_rate_between_them_then_one_polite_refusal()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var dbA = new DiscordPostgres(connection);
        await using var dbB = new DiscordPostgres(connection);
        var a = new PostgresQuestionRates(dbA, Rates(5, 100));
        var b = new PostgresQuestionRates(dbB, Rates(5, 100));

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).CheckAsync(444, 1000 + (ulong)i, CancellationToken.None)));

        Assert.Equal(5, verdicts.Count(v => v == QuestionRate.Allowed));
        Assert.Equal(1, verdicts.Count(v => v == QuestionRate.UserOver));
        Assert.Equal(14, verdicts.Count(v => v == QuestionRate.Muted));
        Assert.Equal(QuestionRate.Allowed, await a.CheckAsync(445, 1000, CancellationToken.None)); // another user in the same channels
    }

    [SkippableFact]
    public async Task A_channel_over_its_rate_is_muted_for_every_asker()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var db = new DiscordPostgres(connection);
        var rates = new PostgresQuestionRates(db, Rates(100, 2));

        Assert.Equal(QuestionRate.Allowed, await rates.CheckAsync(1, 50, CancellationToken.None));
        Assert.Equal(QuestionRate.Allowed, await rates.CheckAsync(2, 50, CancellationToken.None));
        Assert.Equal(QuestionRate.ChannelOver, await rates.CheckAsync(3, 50, CancellationToken.None));
        Assert.Equal(QuestionRate.Muted, await rates.CheckAsync(4, 50, CancellationToken.None));
        Assert.Equal(QuestionRate.Allowed, await rates.CheckAsync(4, 51, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Questions_older_than_a_minute_and_expired_mutes_are_deleted_and_no_longer_count()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var db = new DiscordPostgres(connection);
        var rates = new PostgresQuestionRates(db, Rates(2, 100));
        Assert.Equal(QuestionRate.Allowed, await rates.CheckAsync(9, 90, CancellationToken.None)); // creates the tables
        await ExecuteAsync(connection, """
            INSERT INTO discord_question_asks (subject, at) SELECT 'u9', now() - interval '2 minutes' FROM generate_series(1, 50);
            INSERT INTO discord_question_mutes (subject, until) VALUES ('u8', now() - interval '1 second');
            """);

        Assert.Equal(QuestionRate.Allowed, await rates.CheckAsync(9, 91, CancellationToken.None)); // the old 50 do not count
        Assert.Equal(QuestionRate.Allowed, await rates.CheckAsync(8, 92, CancellationToken.None)); // the mute is over
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT count(*) FROM discord_question_asks WHERE subject = 'u9'"));
    }

    [SkippableFact]
    public async Task A_user_asking_in_guilds_of_two_processes_is_answered_up_to_the_rate_once_then_refused_politely_once()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Shards = 4;
        fake.MaxConcurrency = 4;
        fake.RouteLimit = 100;
        fake.Guilds.Clear();
        fake.Guilds.AddRange(Enumerable.Range(0, 4).Select(s => FakeDiscord.GuildOnShard(s, 4)));
        var settings = new Dictionary<string, string?>
        {
            ["Bot:Index:Provider"] = "postgres",
            ["Bot:Index:ConnectionString"] = await server.CreateDatabaseAsync(),
            ["Bot:Discord:IdentifyInterval"] = "00:00:00.100",
            ["Bot:Discord:UserQuestionsPerMinute"] = "2",
        };
        await using var a = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>(settings) { ["Bot:Discord:ShardIds"] = "0-1" }, waitForReady: false);
        await using var b = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>(settings) { ["Bot:Discord:ShardIds"] = "2-3" }, waitForReady: false);
        await fake.WaitUntilAsync(() => a.Gateway.IsReady && b.Gateway.IsReady, TimeSpan.FromSeconds(20), "both processes ready");

        // Shards 0-1 run in one process, 2-3 in the other: the questions alternate between them.
        foreach (var shard in new[] { 0, 2, 1, 3, 0, 2 })
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("when did Russia delist the Taliban?", 700 + (ulong)shard, guildId: FakeDiscord.GuildOnShard(shard, 4), authorId: 777, mentionBot: true));
        await fake.WaitUntilAsync(() => Posts(fake).Count >= 3, what: "two answers and one refusal");
        await Task.Delay(500); // anything more would come now

        var posts = Posts(fake);
        Assert.Equal(3, posts.Count);
        Assert.Single(posts, p => p == QuestionAdmission.UserLimitedText);
        Assert.True(a.Answerer!.Requests.Count + b.Answerer!.Requests.Count == 2, "two questions answered between the two processes");
    }

    private static List<string> Posts(FakeDiscord fake) =>
        [.. fake.Calls("POST", "/channels/{channel_id}/messages").Where(c => c.Status == 200).Select(c => c.Content ?? "")];

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
