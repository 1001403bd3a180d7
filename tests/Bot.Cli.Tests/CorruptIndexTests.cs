using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>An index file that cannot be read: `ask` names the way out, and `index --full` takes it.</summary>
[Integration(TestCategory.Process)]
public sealed class CorruptIndexTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public CorruptIndexTests()
    {
        File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(_seeds.Path, "russia.txt"));
    }

    private Task<BotProcess.Result> Bot(params string[] args) =>
        BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", _data.Path]), "", new Dictionary<string, string> { ["Bot__Embeddings__Provider"] = "none" });

    [Fact]
    public async Task Ask_on_an_unreadable_index_names_index_full_and_index_full_moves_it_aside_and_rebuilds()
    {
        var index = Path.Combine(_data.Path, "index.db");
        var garbage = Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 31 % 251)).ToArray();
        await File.WriteAllBytesAsync(index, garbage);

        var ask = await Bot("ask", "when did Russia delist the Taliban?");
        Assert.Equal(3, ask.ExitCode);
        Assert.Contains("bot index --full", ask.Stderr, StringComparison.Ordinal);

        var full = await Bot("index", "--full");
        Assert.Equal(0, full.ExitCode);
        Assert.Contains("moved to", full.Stdout + full.Stderr, StringComparison.Ordinal);
        var aside = Assert.Single(Directory.GetFiles(_data.Path, "index.db.corrupt-*"));
        Assert.Equal(garbage, await File.ReadAllBytesAsync(aside));

        var again = await Bot("ask", "when did Russia delist the Taliban?");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Supreme Court removed the Taliban", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_full_on_a_readable_index_moves_nothing()
    {
        Assert.Equal(0, (await Bot("index")).ExitCode);
        var full = await Bot("index", "--full");
        Assert.Equal(0, full.ExitCode);
        Assert.Empty(Directory.GetFiles(_data.Path, "index.db.corrupt-*"));
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }
}
