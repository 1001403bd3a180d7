using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// The freshness check's shortcut: a listing that matches the manifest the last complete run recorded is answered
/// without reading the stored stamps; every change to the folder must still be noticed, including an edit within the
/// file system's time granularity.
/// </summary>
public sealed class SeedManifestTests : SeedsFolderTest
{
    public SeedManifestTests()
    {
        Aged(Seeds.File("orchard.txt", Orchard));
        Aged(Seeds.File("notes/bridge.txt", Bridge));
    }

    /// <summary>Written an hour ago: well outside the racy margin, as files are that nobody is editing.</summary>
    private static string Aged(string path, int minutes = 60)
    {
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-minutes));
        return path;
    }

    // The refresh before an answer (what `bot ask` runs).
    private Task<IndexReport> Refresh() => Services.GetRequiredService<SeedIndexer>().IndexAsync(
        new IndexRequest { TextBudget = TimeSpan.FromSeconds(30), VectorBudget = TimeSpan.FromSeconds(15) }, null, TestTimeout.Token());

    private Task<Answer> Ask(string q) => Services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(q), TestTimeout.Token());

    private Task<string?> StoredManifest() => Services.GetRequiredService<IIndexStore>().GetSeedManifestAsync(TestTimeout.Token());

    [Fact]
    public async Task An_unchanged_folder_is_answered_from_the_manifest_with_the_same_report()
    {
        var first = await Refresh();
        Assert.False(first.FromManifest);
        var second = await Refresh();
        Assert.True(second.FromManifest);
        Assert.False(second.ChangedAnything);
        Assert.Equal(2, second.Unchanged);
    }

    [Fact]
    public async Task A_file_edited_in_place_is_noticed()
    {
        await Refresh();
        // Same size, new content: only the file's time says so.
        File.WriteAllText(Path.Combine(Seeds.Path, "orchard.txt"), Orchard.Replace("900", "901", StringComparison.Ordinal));
        var report = await Refresh();
        Assert.False(report.FromManifest);
        Assert.Equal(1, report.Updated);
        Assert.Contains("901 crates", (await Ask("How many crates of pears did the orchard produce?")).Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_added_file_is_noticed()
    {
        await Refresh();
        Aged(Seeds.File("notes/harbour.txt", "Harbour notes\n\nThe harbour wall was rebuilt in 1887.\n"));
        var report = await Refresh();
        Assert.Equal((1, 2), (report.Added, report.Unchanged));
        Assert.True((await Ask("When was the harbour wall rebuilt?")).Answered);
    }

    [Fact]
    public async Task A_removed_file_is_noticed()
    {
        await Refresh();
        File.Delete(Path.Combine(Seeds.Path, "notes", "bridge.txt"));
        var report = await Refresh();
        Assert.Equal(["notes/bridge.txt"], report.RemovedPaths);
        Assert.DoesNotContain((await Ask("What colour was the old bridge painted?")).Quotes, q => q.Path == "notes/bridge.txt");
    }

    [Fact]
    public async Task A_file_renamed_with_its_size_and_time_is_noticed()
    {
        await Refresh();
        File.Move(Path.Combine(Seeds.Path, "notes", "bridge.txt"), Path.Combine(Seeds.Path, "notes", "old-bridge.txt"));
        var report = await Refresh();
        Assert.Equal(1, report.Renamed);
        Assert.Equal("notes/old-bridge.txt", (await Ask("What colour was the old bridge painted?")).Quotes[0].Path);
    }

    [Fact]
    public async Task A_file_changed_within_its_time_granularity_is_noticed()
    {
        // Written just now, indexed, then rewritten with the same size within the same clock tick (its time put back
        // exactly, as a file system with coarse times would leave it): the stamp cannot tell, so the run that read it
        // stored it as "read again", and recorded no manifest.
        var path = Seeds.File("fresh.txt", "Fresh notes\n\nThe ferry carried 31 passengers.\n");
        var written = File.GetLastWriteTimeUtc(path);
        await Refresh();
        File.WriteAllText(path, "Fresh notes\n\nThe ferry carried 47 passengers.\n");
        File.SetLastWriteTimeUtc(path, written);

        var report = await Refresh();

        Assert.False(report.FromManifest);
        Assert.Equal(1, report.Updated);
        Assert.Contains("47 passengers", (await Ask("How many passengers did the ferry carry?")).Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicates_and_skipped_files_are_reported_again_from_the_manifest()
    {
        Aged(Seeds.File("copy-of-orchard.txt", Orchard));
        Aged(Seeds.File("picture.png", "not a seed"));
        var first = await Refresh();
        var second = await Refresh();
        Assert.True(second.FromManifest);
        Assert.Equal(first.Problems, second.Problems);
        Assert.Equal((1, 2), (second.Duplicates, second.Unchanged));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_keeps_every_run_comparing_file_by_file()
    {
        Aged(Seeds.File("empty.txt", ""));
        await Refresh();
        var second = await Refresh();
        Assert.False(second.FromManifest);
        Assert.Contains(second.Problems, p => p.Path == "empty.txt");
    }

    [Fact]
    public async Task A_run_that_changes_the_index_replaces_the_manifest_and_a_parser_upgrade_drops_it()
    {
        await Refresh();
        var before = await StoredManifest();
        Aged(Seeds.File("notes/harbour.txt", "Harbour notes\n\nThe harbour wall was rebuilt in 1887.\n"));
        await Refresh();
        var after = await StoredManifest();
        Assert.NotNull(after);
        Assert.NotEqual(before, after);
        Assert.True((await Refresh()).FromManifest);

        // Documents read by an older parser are marked to be read again: the manifest no longer vouches for them.
        using (var c = new SqliteConnection($"Data Source={Path.Combine(Data.Path, "index.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE meta SET value='0' WHERE key='parser_version'";
            cmd.ExecuteNonQuery();
        }
        var reparsed = await Refresh();
        Assert.False(reparsed.FromManifest);
        Assert.True((await Refresh()).FromManifest);
    }

    [Fact]
    public async Task A_full_run_never_takes_the_manifest_for_the_files()
    {
        await Refresh();
        var full = await Services.GetRequiredService<IIndexer>().IndexAsync(full: true, null, TestTimeout.Token());
        Assert.False(full.FromManifest);
        Assert.Equal(2, full.Updated + full.Unchanged + full.Added);
    }
}
