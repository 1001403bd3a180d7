using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.EndToEnd;

public sealed class BadSeedFilesTests
{
    [Fact]
    public async Task Bad_files_are_reported_by_name_and_never_stop_the_run()
    {
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        seeds.File("good.txt", "The lighthouse keeper counted 42 ships in March.\nAnother paragraph.");
        seeds.Bytes("binary.txt", [0x00, 0x01, 0x02, 0x03, 0xFF]);
        seeds.Bytes("latin1.txt", [0x43, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x6F, 0x69, 0x72]);
        seeds.File("empty.txt", "");
        seeds.File("report.pdf", "%PDF-1.4");
        seeds.File("sheet.xlsx", "not read");
        await using var services = CoreHost.Create(seeds.Path, data.Path);

        var report = await services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);

        Assert.Equal(1, report.Added);
        Assert.Contains(report.Problems, p => p.Path == "binary.txt" && p.Message.Contains("binary", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == "latin1.txt" && p.Message.Contains("UTF-8", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == "empty.txt" && p.Message.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == "report.pdf" && p.Message.Contains("the PDF cannot be read", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == "sheet.xlsx" && p.Skipped && p.Message.Contains("unknown file type", StringComparison.Ordinal));
        var answer = await services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest("How many ships did the lighthouse keeper count?"), CancellationToken.None);
        Assert.True(answer.Answered);
        Assert.Equal("good.txt", answer.Quotes[0].Path);
    }

    [Fact]
    public async Task A_file_that_turns_bad_keeps_its_last_good_version_in_the_index()
    {
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        var path = seeds.File("notes.txt", "The lighthouse keeper counted 42 ships in March.");
        await using var services = CoreHost.Create(seeds.Path, data.Path);
        var indexer = services.GetRequiredService<IIndexer>();
        await indexer.IndexAsync(false, null, CancellationToken.None);

        await File.WriteAllBytesAsync(path, [0x00, 0x00, 0x01]);
        var report = await indexer.IndexAsync(false, null, CancellationToken.None);

        Assert.Contains(report.Problems, p => p.Path == "notes.txt");
        var answer = await services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest("How many ships did the lighthouse keeper count?"), CancellationToken.None);
        Assert.True(answer.Answered);
    }

    [Fact]
    public async Task Missing_seeds_folder_is_a_clear_error()
    {
        using var data = new TempFolder();
        await using var services = CoreHost.Create(Path.Combine(data.Path, "nope"), data.Path);
        var e = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None));
        Assert.Contains("seeds folder", e.Message, StringComparison.Ordinal);
    }
}
