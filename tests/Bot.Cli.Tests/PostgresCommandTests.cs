using System.Text.Json;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>The real executable with its index in PostgreSQL, configured only through the environment.</summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Process, TestCategory.Server, TestCategory.Model)]
public sealed class PostgresCommandTests(PostgresServer server) : IDisposable
{
    private const string Password = "hunter2-secret";
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _shard1 = new();
    private readonly TempFolder _shard2 = new();

    [SkippableFact]
    public async Task Two_processes_with_their_own_data_folders_share_one_PostgreSQL_index_and_never_show_the_password()
    {
        File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(_seeds.Path, "russia.txt"));
        var env = new Dictionary<string, string>
        {
            ["Bot__Index__Provider"] = "postgres",
            // Trust authentication ignores the password; it is there to prove it never reaches the output or the logs.
            ["Bot__Index__ConnectionString"] = await server.CreateDatabaseAsync() + $";Password={Password}",
        };
        Task<BotProcess.Result> Bot(string data, params string[] args) =>
            BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", data, "-v"]), null, env);

        var before = await Bot(_shard1.Path, "index", "--verify");
        Assert.Equal(3, before.ExitCode);
        Assert.Contains("there is no index in PostgreSQL", before.Stdout, StringComparison.Ordinal);

        var index = await Bot(_shard1.Path, "index", "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);
        Assert.Equal(1, JsonDocument.Parse(index.Stdout).RootElement.GetProperty("added").GetInt32());

        // The second process indexed nothing itself: it answers from the shared index.
        var ask = await Bot(_shard2.Path, "ask", "when did Russia delist the Taliban?", "--json");
        Assert.True(ask.ExitCode == 0, ask.Stderr);
        var quote = JsonDocument.Parse(ask.Stdout).RootElement.GetProperty("quotes")[0];
        Assert.Equal("In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.", quote.GetProperty("text").GetString());
        Assert.False(File.Exists(Path.Combine(_shard2.Path, "index.db")));

        var sources = await Bot(_shard2.Path, "sources", "--json");
        Assert.Equal(0, sources.ExitCode);
        Assert.StartsWith($"PostgreSQL 127.0.0.1:{server.Port}/", JsonDocument.Parse(sources.Stdout).RootElement.GetProperty("index").GetString(), StringComparison.Ordinal);

        var verify = await Bot(_shard2.Path, "index", "--verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.True(JsonDocument.Parse(verify.Stdout).RootElement.GetProperty("consistent").GetBoolean());

        foreach (var r in new[] { before, index, ask, sources, verify }) Assert.DoesNotContain(Password, r.Stdout + r.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Indexing_into_PostgreSQL_killed_inside_a_document_transaction_keeps_the_committed_documents_and_the_next_run_converges()
    {
        // Sorted first and second: the russia seed is the third document, written only by the second run.
        await File.WriteAllTextAsync(Path.Combine(_seeds.Path, "a-harbour.txt"), "Harbour\n\nThe harbour opened in 1901 and handles grain.\n");
        await File.WriteAllTextAsync(Path.Combine(_seeds.Path, "b-bridge.txt"), "Bridge\n\nThe old bridge was rebuilt in stone after the flood of 1888.\n");
        File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(_seeds.Path, "russia.txt"));
        var env = new Dictionary<string, string>
        {
            ["Bot__Index__Provider"] = "postgres",
            ["Bot__Index__ConnectionString"] = await server.CreateDatabaseAsync(),
        };
        Task<BotProcess.Result> Bot(params string[] args) => BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", _shard1.Path]), null, env);

        // SIGKILL while the second document's rows are written but not committed: the server sees the connection drop.
        await using (var bot = BotSession.StartPausingAt("in-upsert:2", ["index", "--seeds", _seeds.Path, "--data", _shard1.Path], env))
        {
            await bot.WaitForAsync("BOT-DEBUG-PAUSED in-upsert:2", TimeSpan.FromSeconds(60), stderr: true);
            await bot.KillAsync();
        }

        // --verify changes nothing (ask and sources would bring the index up to date first).
        var verify = await Bot("index", "--verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        var report = JsonDocument.Parse(verify.Stdout).RootElement;
        Assert.True(report.GetProperty("consistent").GetBoolean());
        Assert.Equal(1, report.GetProperty("documents").GetInt32()); // the first committed; the second rolled back with its connection

        // The next run is not blocked by anything the killed one held (locks, half a transaction) and adds the rest.
        var index = await Bot("index", "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);
        Assert.Equal(2, JsonDocument.Parse(index.Stdout).RootElement.GetProperty("added").GetInt32());
        var ask = await Bot("ask", "when did Russia delist the Taliban?", "--json");
        Assert.True(ask.ExitCode == 0, ask.Stderr);
        Assert.Equal("In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.",
            JsonDocument.Parse(ask.Stdout).RootElement.GetProperty("quotes")[0].GetProperty("text").GetString());
        var after = await Bot("index", "--verify", "--json");
        Assert.True(JsonDocument.Parse(after.Stdout).RootElement.GetProperty("consistent").GetBoolean(), after.Stdout);
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _shard1.Dispose();
        _shard2.Dispose();
    }
}
