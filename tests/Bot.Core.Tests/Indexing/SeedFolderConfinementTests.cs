using System.Diagnostics;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>The seeds folder is a trust boundary: what lies outside it, loops and special files never get indexed or hang a run.</summary>
public sealed class SeedFolderConfinementTests
{
    private const string Good = "The lighthouse keeper counted 42 ships in March.";
    private const string Secret = "The vault combination is 7 31 9 and the login shell of the daemon user is nologin.";

    [Fact]
    public async Task A_link_to_a_file_outside_the_seeds_folder_is_skipped_reported_and_never_quoted()
    {
        using var seeds = new TempFolder();
        using var outside = new TempFolder();
        using var data = new TempFolder();
        seeds.File("good.txt", Good);
        File.CreateSymbolicLink(Path.Combine(seeds.Path, "passwd.txt"), outside.File("secret.txt", Secret));
        await using var services = CoreHost.Create(seeds.Path, data.Path);

        var report = await services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);

        Assert.Equal(1, report.Added);
        var problem = Assert.Single(report.Problems, p => p.Path == "passwd.txt");
        Assert.Contains("outside the seeds folder", problem.Message, StringComparison.Ordinal);
        var answer = await services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest("What is the login shell of the daemon user?"), CancellationToken.None);
        Assert.DoesNotContain(answer.Quotes.Concat(answer.Closest), q => q.Text.Contains("nologin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_to_a_folder_outside_the_seeds_folder_is_skipped_unless_configured()
    {
        using var seeds = new TempFolder();
        using var outside = new TempFolder();
        using var data = new TempFolder();
        seeds.File("good.txt", Good);
        outside.File("secret.txt", Secret);
        Directory.CreateSymbolicLink(Path.Combine(seeds.Path, "elsewhere"), outside.Path);

        await using (var confined = CoreHost.Create(seeds.Path, data.Path))
        {
            var report = await confined.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
            Assert.Equal(1, report.Added);
            Assert.Contains(report.Problems, p => p.Path == "elsewhere" && p.Message.Contains("folder outside the seeds folder", StringComparison.Ordinal));
        }
        await using var following = CoreHost.Create(seeds.Path, data.Path, new Dictionary<string, string?> { ["Bot:Seeds:FollowLinksOutside"] = "true" });
        var followed = await following.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
        Assert.Equal(1, followed.Added);
        var sources = await following.GetRequiredService<ISourceCatalog>().ListSourcesAsync(CancellationToken.None);
        Assert.Contains(sources, s => s.Path == "elsewhere/secret.txt");
    }

    [Fact]
    public async Task A_link_loop_is_listed_once_and_the_run_ends()
    {
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        seeds.File("l/real.txt", Good);
        Directory.CreateSymbolicLink(Path.Combine(seeds.Path, "l", "up"), "..");
        await using var services = CoreHost.Create(seeds.Path, data.Path);

        var run = services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
        var report = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, report.Added);
        Assert.Equal(0, report.Duplicates);
        Assert.Contains(report.Problems, p => p.Path == "l/up" && p.Message.Contains("already listed", StringComparison.Ordinal));
        var sources = await services.GetRequiredService<ISourceCatalog>().ListSourcesAsync(CancellationToken.None);
        Assert.Equal("l/real.txt", Assert.Single(sources).Path);
    }

    [Fact]
    public async Task A_link_inside_the_seeds_folder_is_read()
    {
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        var target = seeds.File("archive/2024/story.txt", Good);
        File.CreateSymbolicLink(Path.Combine(seeds.Path, "latest.txt"), target);
        await using var services = CoreHost.Create(seeds.Path, data.Path);

        var report = await services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);

        // The same content under two names: indexed once, the other remembered as its alias.
        Assert.Equal(1, report.Added);
        Assert.Equal(1, report.Duplicates);
        Assert.DoesNotContain(report.Problems, p => p.Message.Contains("link", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fifo_is_reported_without_being_opened_and_the_run_ends()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // no FIFOs in the file system elsewhere
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        seeds.File("good.txt", Good);
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(seeds.Path, "p.txt")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        await using var services = CoreHost.Create(seeds.Path, data.Path);

        var report = await services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, report.Added);
        Assert.Contains(report.Problems, p => p.Path == "p.txt" && p.Message.Contains("not a regular file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_to_a_character_device_is_reported_without_being_read_even_when_links_out_are_followed()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // no /dev/zero elsewhere
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        seeds.File("good.txt", Good);
        // Read as a file, /dev/zero never ends and /dev/urandom is endless binary: both must be refused before a read.
        File.CreateSymbolicLink(Path.Combine(seeds.Path, "zero.txt"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(seeds.Path, "random.md"), "/dev/urandom");
        await using var services = CoreHost.Create(seeds.Path, data.Path, new Dictionary<string, string?> { ["Bot:Seeds:FollowLinksOutside"] = "true" });

        var report = await services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, report.Added);
        foreach (var device in new[] { "zero.txt", "random.md" })
            Assert.Contains(report.Problems, p => p.Path == device && p.Message.Contains("not a regular file", StringComparison.Ordinal));
        var sources = await services.GetRequiredService<ISourceCatalog>().ListSourcesAsync(CancellationToken.None);
        Assert.Equal("good.txt", Assert.Single(sources).Path);
    }

    [Fact]
    public async Task A_link_inside_the_seeds_folder_to_a_fifo_is_reported_without_being_opened()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // no FIFOs in the file system elsewhere
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        seeds.File("good.txt", Good);
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(seeds.Path, "pipe")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        // The link's own size is that of its target's name: checked by it, the FIFO would be opened and block for ever.
        File.CreateSymbolicLink(Path.Combine(seeds.Path, "news.txt"), "pipe");
        await using var services = CoreHost.Create(seeds.Path, data.Path);

        var report = await services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, report.Added);
        Assert.Contains(report.Problems, p => p.Path == "news.txt" && p.Message.Contains("not a regular file", StringComparison.Ordinal));
    }

    [Fact]
    public void Real_path_resolves_every_link_along_the_way()
    {
        using var folder = new TempFolder();
        var inner = Directory.CreateDirectory(Path.Combine(folder.Path, "a", "b")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "hop"), "a");
        File.WriteAllText(Path.Combine(inner, "f.txt"), "x");
        var real = SeedFolderScanner.RealPath(folder.Path);

        Assert.Equal(Path.Combine(real!, "a", "b", "f.txt"), SeedFolderScanner.RealPath(Path.Combine(folder.Path, "hop", "b", "f.txt")));
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "x"), "y");
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "y"), "x");
        Assert.Null(SeedFolderScanner.RealPath(Path.Combine(folder.Path, "x", "f.txt")));
    }
}
