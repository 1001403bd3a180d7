using System.Net;
using System.Net.Sockets;
using Bot.Core.Tests.TestSupport;
using Npgsql;

namespace Bot.Core.Tests.Indexing.Postgres;

/// <summary>The test server's own failure modes: missing binaries fail loudly with what to install; a taken port is retried.</summary>
[Integration(TestCategory.Process, TestCategory.Server)]
public sealed class PostgresServerTests
{
    [Fact]
    public void Missing_PostgreSQL_binaries_fail_with_the_install_command()
    {
        using var empty = new TempFolder();
        var e = Assert.Throws<PostgresBinariesNotFoundException>(() => PostgresServer.FindBinaries(empty.Path, Path.Combine(empty.Path, "usr-lib-postgresql")));
        Assert.Contains("apt-get install -y postgresql", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binaries_are_found_in_the_newest_Debian_version_folder()
    {
        using var root = new TempFolder();
        foreach (var v in new[] { "9", "15", "13" })
        {
            root.File($"{v}/bin/initdb", "");
            root.File($"{v}/bin/pg_ctl", "");
        }
        Assert.Equal(Path.Combine(root.Path, "15", "bin"), PostgresServer.FindBinaries("", root.Path));
    }

    [SkippableFact]
    public async Task A_port_taken_before_postgres_binds_it_is_retried_on_another_port()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var picks = 0;
        var server = new PostgresServer { PickPort = () => Interlocked.Increment(ref picks) == 1 ? taken : FreePort() };
        try
        {
            await server.InitializeAsync();
            server.EnsureAvailable();

            Assert.Equal(2, picks);
            Assert.NotEqual(taken, server.Port);
            await using var c = new NpgsqlConnection(server.AdminConnectionString);
            await c.OpenAsync(TestTimeout.Token());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public void Only_a_bind_failure_counts_as_a_port_collision()
    {
        Assert.True(PostgresServer.IsPortCollision(
            "LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use\nWARNING:  could not create listen socket for \"127.0.0.1\"\nFATAL:  could not create any TCP/IP sockets"));
        Assert.False(PostgresServer.IsPortCollision("FATAL:  data directory \"/tmp/x/data\" has invalid permissions"));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
