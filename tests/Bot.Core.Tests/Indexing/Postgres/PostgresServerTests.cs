using Bot.Core.Tests.TestSupport;

namespace Bot.Core.Tests.Indexing.Postgres;

/// <summary>The test server's own failure mode: missing binaries fail loudly with what to install.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public void Missing_PostgreSQL_binaries_fail_with_the_install_command()
    {
        using var empty = new TempFolder();
        var e = Assert.Throws<InvalidOperationException>(() => PostgresServer.FindBinaries(empty.Path, Path.Combine(empty.Path, "usr-lib-postgresql")));
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
}
