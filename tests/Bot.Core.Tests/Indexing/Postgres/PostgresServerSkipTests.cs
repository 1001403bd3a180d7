namespace Bot.Core.Tests.Indexing.Postgres;

/// <summary>
/// On a machine without PostgreSQL's server binaries the fixture starts nothing and its tests skip with one line saying
/// what to install; under CI=true the same absence is a failure. The environment is the fixture's own substitute, so
/// these run (and start no process) whether or not PostgreSQL is installed here.
/// </summary>
public sealed class PostgresServerSkipTests : IDisposable
{
    private readonly TempFolder _empty = new();

    private PostgresServer ServerWithout(params (string Name, string Value)[] environment)
    {
        var env = environment.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        env.TryAdd("PATH", _empty.Path);
        return new PostgresServer { ReadEnvironment = name => env.GetValueOrDefault(name), DebianRoot = Path.Combine(_empty.Path, "usr-lib-postgresql") };
    }

    [Fact]
    public async Task Without_binaries_a_test_using_the_server_is_skipped_with_one_line_saying_what_to_install()
    {
        var server = ServerWithout();

        await server.InitializeAsync();

        var skip = Assert.Throws<SkipException>(server.EnsureAvailable);
        Assert.DoesNotContain('\n', skip.Message);
        Assert.Contains("initdb and pg_ctl", skip.Message, StringComparison.Ordinal);
        Assert.Contains("install Debian's postgresql package (apt-get install -y postgresql)", skip.Message, StringComparison.Ordinal);
        Assert.Contains("under CI=true this is a failure", skip.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SkipException>(server.CreateDatabaseAsync);
        await server.DisposeAsync(); // nothing was started: nothing to stop
    }

    [Fact]
    public async Task Under_CI_missing_binaries_fail_the_fixture_with_the_install_command()
    {
        var server = ServerWithout(("CI", "true"));

        var e = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(server.InitializeAsync);

        Assert.Contains("apt-get install -y postgresql", e.Message, StringComparison.Ordinal);
        Assert.Null(server.Unavailable);
    }

    [Fact]
    public async Task The_search_path_variable_replaces_PATH_and_the_Debian_folder()
    {
        // PATH and the Debian root would find binaries; BOT_TEST_POSTGRES_BIN names a folder without them.
        using var installed = new TempFolder();
        installed.File("15/bin/initdb", "");
        installed.File("15/bin/pg_ctl", "");
        var server = new PostgresServer
        {
            ReadEnvironment = name => name switch
            {
                "PATH" => Path.Combine(installed.Path, "15", "bin"),
                PostgresServer.SearchPathVariable => _empty.Path,
                _ => null,
            },
            DebianRoot = installed.Path,
        };

        await server.InitializeAsync();

        Assert.Contains(_empty.Path, server.Unavailable, StringComparison.Ordinal);
        Assert.Throws<SkipException>(server.EnsureAvailable);
    }

    public void Dispose() => _empty.Dispose();
}
