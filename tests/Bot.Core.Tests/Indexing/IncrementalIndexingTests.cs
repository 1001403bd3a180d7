using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

public sealed class IncrementalIndexingTests : SeedsFolderTest
{
    private const string Lighthouse = "---\ntitle: Lighthouse log\n---\nThe keeper counted 42 ships in March.\n\nFog horns sounded twice a night in winter.\n";

    public IncrementalIndexingTests()
    {
        Seeds.File("lighthouse.md", Lighthouse);
        Seeds.File("bridge.txt", Bridge);
    }

    private Task<IndexReport> Index(bool full = false) => Services.GetRequiredService<IIndexer>().IndexAsync(full, null, TestTimeout.Token());

    private Task<Answer> Ask(string q) => Services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(q), TestTimeout.Token());

    private Task<IReadOnlyList<StoredDocument>> Documents() => Services.GetRequiredService<IIndexStore>().ListDocumentsAsync(TestTimeout.Token());

    private string Db => Path.Combine(Data.Path, "index.db");

    [Fact]
    public async Task A_new_file_is_added_and_answers_questions_only_it_answers()
    {
        await Index();
        Assert.False((await Ask("How many crates of pears did the orchard produce?")).Answered);

        Seeds.File("orchard.txt", Orchard);
        var report = await Index();

        Assert.Equal((1, 0, 0, 0, 2), (report.Added, report.Updated, report.Renamed, report.Removed, report.Unchanged));
        Assert.Equal(["Orchard report"], report.AddedTitles);
        var answer = await Ask("How many crates of pears did the orchard produce?");
        Assert.True(answer.Answered);
        Assert.Equal("orchard.txt", answer.Quotes[0].Path);
        Assert.Contains("900 crates", answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_file_answers_with_its_new_content_and_never_the_old()
    {
        await Index();
        Seeds.File("lighthouse.md", Lighthouse.Replace("42 ships", "57 ships", StringComparison.Ordinal));
        var report = await Index();

        Assert.Equal((0, 1, 2 - 1), (report.Added, report.Updated, report.Unchanged));
        var answer = await Ask("How many ships did the keeper count?");
        Assert.Contains("57 ships", answer.Quotes[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(answer.Quotes, q => q.Text.Contains("42", StringComparison.Ordinal));
        Assert.Single(await Documents(), d => d.Path == "lighthouse.md");
    }

    [Fact]
    public async Task A_renamed_file_is_re_pointed_without_re_processing()
    {
        await Index();
        var before = (await Documents()).Single(d => d.Path == "lighthouse.md");
        Directory.CreateDirectory(Path.Combine(Seeds.Path, "logs"));
        File.Move(Path.Combine(Seeds.Path, "lighthouse.md"), Path.Combine(Seeds.Path, "logs", "keeper.md"));

        var report = await Index();

        Assert.Equal((0, 0, 1, 0), (report.Added, report.Updated, report.Renamed, report.Removed));
        var after = (await Documents()).Single(d => d.Path == "logs/keeper.md");
        Assert.Equal(before.Id, after.Id); // same rows: re-pointed, not re-chunked
        Assert.Equal("logs/keeper.md", (await Ask("How many ships did the keeper count?")).Quotes[0].Path);
    }

    [Fact]
    public async Task A_duplicate_is_indexed_once_citing_the_first_path_and_takes_over_when_that_file_goes()
    {
        await Index();
        Seeds.File("zz-copy.md", Lighthouse);
        var report = await Index();

        Assert.Equal((0, 1), (report.Added, report.Duplicates));
        Assert.Contains(report.Problems, p => p.Path == "zz-copy.md" && p.Skipped && p.Message.Contains("lighthouse.md", StringComparison.Ordinal));
        Assert.Equal(2, (await Documents()).Count);
        Assert.Equal("lighthouse.md", (await Ask("How many ships did the keeper count?")).Quotes[0].Path);

        var again = await Index(); // the duplicate is remembered, still reported, never indexed twice
        Assert.Equal((0, 1, 2), (again.Added, again.Duplicates, again.Unchanged));
        Assert.Equal(2, (await Documents()).Count);

        File.Delete(Path.Combine(Seeds.Path, "lighthouse.md"));
        report = await Index();
        Assert.Equal((1, 0), (report.Renamed, report.Added));
        Assert.Equal("zz-copy.md", (await Ask("How many ships did the keeper count?")).Quotes[0].Path);
    }

    [Fact]
    public async Task A_removed_file_leaves_the_index_and_no_longer_answers()
    {
        await Index();
        Assert.True((await Ask("What colour was the old bridge painted?")).Answered);
        File.Delete(Path.Combine(Seeds.Path, "bridge.txt"));

        var report = await Index();

        Assert.Equal(1, report.Removed);
        Assert.Equal(["bridge.txt"], report.RemovedPaths);
        var answer = await Ask("What colour was the old bridge painted?");
        Assert.DoesNotContain(answer.Quotes, q => q.Path == "bridge.txt");
        Assert.DoesNotContain(await Documents(), d => d.Path == "bridge.txt");
    }

    [Fact]
    public async Task Same_bytes_under_another_format_are_not_taken_for_a_rename()
    {
        await Index();
        File.Move(Path.Combine(Seeds.Path, "bridge.txt"), Path.Combine(Seeds.Path, "bridge.md"));
        var report = await Index();
        Assert.Equal((1, 0, 1), (report.Added, report.Renamed, report.Removed)); // parsed as Markdown now: re-processed
    }

    [Fact]
    public async Task Incremental_runs_after_many_changes_end_where_a_full_rebuild_of_the_same_files_does()
    {
        Seeds.File("a/one.txt", Orchard);
        await Index();
        Seeds.File("lighthouse.md", Lighthouse + "\nA storm closed the harbour for nine days.\n");
        File.Move(Path.Combine(Seeds.Path, "a", "one.txt"), Path.Combine(Seeds.Path, "b-two.txt"));
        Seeds.File("c-dup.txt", Bridge);
        Seeds.File("aa-dup-first.txt", Bridge);
        File.Delete(Path.Combine(Seeds.Path, "bridge.txt"));
        await Index();
        Assert.Empty(await Services.GetRequiredService<IIndexStore>().VerifyAsync(TestTimeout.Token()));
        var incremental = IndexSnapshot.Read(Db);

        using var freshData = new TempFolder();
        await using (var fresh = CoreHost.Create(Seeds.Path, freshData.Path))
            await fresh.GetRequiredService<IIndexer>().IndexAsync(full: true, null, TestTimeout.Token());
        Assert.Equal(IndexSnapshot.Read(Path.Combine(freshData.Path, "index.db")), incremental);
    }

    [Fact]
    public async Task An_unchanged_folder_is_not_read_again()
    {
        await Index();
        var report = await Index();
        Assert.False(report.ChangedAnything);
        Assert.Equal(2, report.Unchanged);
    }

    [Fact]
    public async Task An_edit_in_place_that_keeps_the_size_and_the_folders_times_is_noticed_by_the_refresh_before_an_answer()
    {
        // The scan reads each file's stamp from the folder listing: an edit in place changes neither the file's size nor
        // its folder's time, only the file's own modification time, and that is enough.
        var nested = Seeds.File("logs/orchard.txt", Orchard);
        await Index();
        var folderTime = Directory.GetLastWriteTimeUtc(Path.GetDirectoryName(nested)!);
        await using (var stream = new FileStream(nested, FileMode.Open, FileAccess.Write))
        {
            var edited = System.Text.Encoding.UTF8.GetBytes(Orchard.Replace("900 crates", "901 crates", StringComparison.Ordinal));
            await stream.WriteAsync(edited, TestTimeout.Token());
        }
        File.SetLastWriteTimeUtc(nested, File.GetLastWriteTimeUtc(nested).AddSeconds(1)); // a coarse-clock file system
        Directory.SetLastWriteTimeUtc(Path.GetDirectoryName(nested)!, folderTime);

        var report = await Services.GetRequiredService<SeedIndexer>().IndexAsync(new IndexRequest { TextBudget = TimeSpan.FromSeconds(30), VectorBudget = TimeSpan.FromSeconds(15) }, null, TestTimeout.Token());

        Assert.Equal(1, report.Updated);
        var answer = await Ask("How many crates of pears did the orchard produce?");
        Assert.Contains(answer.Quotes, q => q.Path == "logs/orchard.txt" && q.Text.Contains("901 crates", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_schema_version_change_rebuilds_the_index_and_says_so()
    {
        await Index();
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE meta SET value='1' WHERE key='schema_version'";
            cmd.ExecuteNonQuery();
        }
        var report = await Index();
        Assert.True(report.SchemaRebuilt);
        Assert.Equal(2, report.Added);
        Assert.False((await Index()).SchemaRebuilt);
    }

    [Fact]
    public async Task Verify_reports_a_document_whose_rows_were_torn_apart()
    {
        await Index();
        Assert.Empty(await Services.GetRequiredService<IIndexStore>().VerifyAsync(TestTimeout.Token()));
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // A sentence gone without its postings (the verifier recomputes them from the stored text).
            cmd.CommandText = "DELETE FROM sentences WHERE id = (SELECT max(id) FROM sentences)";
            cmd.ExecuteNonQuery();
        }
        var problems = await Services.GetRequiredService<IIndexStore>().VerifyAsync(TestTimeout.Token());
        Assert.Contains(problems, p => p.Contains("sentence id(s) in the postings without a sentence", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("sentence totals do not match", StringComparison.Ordinal));
    }
}
