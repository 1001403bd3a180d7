using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.TestSupport;

/// <summary>
/// Base of indexing tests over a seeds folder and a data folder of their own: the real core services over them (built
/// on first use, so the test may write its seeds first), and everything released after, SQLite's pooled files included.
/// </summary>
public abstract class SeedsFolderTest : IDisposable
{
    /// <summary>Two small articles the indexing tests share.</summary>
    protected const string Orchard = "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n";
    protected const string Bridge = "Bridge notes\n\nThe old bridge was painted green by the river council.\n";

    private ServiceProvider? _services;

    protected TempFolder Seeds { get; } = new();

    protected TempFolder Data { get; } = new();

    protected ServiceProvider Services => _services ??= CoreHost.Create(Seeds.Path, Data.Path);

    public void Dispose()
    {
        _services?.Dispose();
        SqliteConnection.ClearAllPools();
        Seeds.Dispose();
        Data.Dispose();
        GC.SuppressFinalize(this);
    }
}
