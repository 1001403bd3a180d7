using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

[Integration(TestCategory.Process)]
public sealed class IndexStoreConfigurationTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public IndexStoreConfigurationTests() => File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(_seeds.Path, "russia.txt"));

    private Task<BotProcess.Result> Bot(IDictionary<string, string> env, params string[] args) =>
        BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", _data.Path]), null, env);

    [Fact]
    public async Task The_postgres_provider_without_a_connection_string_is_a_usage_error_naming_the_setting()
    {
        var r = await Bot(new Dictionary<string, string> { ["Bot__Index__Provider"] = "postgres" }, "index");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Bot:Index:ConnectionString is required", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_server_is_a_failure_that_never_shows_the_password()
    {
        var r = await Bot(new Dictionary<string, string>
        {
            ["Bot__Index__Provider"] = "postgres",
            // Port 1 on loopback: nothing listens, the connection is refused at once.
            ["Bot__Index__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=bot;Username=bot;Password=hunter2-secret;Timeout=3",
        }, "index");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("PostgreSQL index could not be read or written", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", r.Stderr + r.Stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }
}
